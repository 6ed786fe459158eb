import type { VersionView } from './versions';

export type LineChange = { kind: 'same' | 'added' | 'removed'; text: string };

/** Line diff by longest common subsequence: templates are small enough for O(n·m). */
export function diffLines(before: string, after: string): LineChange[] {
  const a = before.split('\n');
  const b = after.split('\n');
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const out: LineChange[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ kind: 'same', text: a[i]! });
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) out.push({ kind: 'removed', text: a[i++]! });
    else out.push({ kind: 'added', text: b[j++]! });
  }
  while (i < a.length) out.push({ kind: 'removed', text: a[i++]! });
  while (j < b.length) out.push({ kind: 'added', text: b[j++]! });
  return out;
}

export type VersionDiff = {
  from: number;
  to: number;
  body: LineChange[];
  variables: LineChange[];
  modelConfig: LineChange[];
  changed: { body: boolean; variables: boolean; modelConfig: boolean };
};

function bodyText(v: VersionView): string {
  if (v.type === 'text') return v.template ?? '';
  return (v.messages ?? []).map((m) => `[${m.role}]\n${m.content}`).join('\n\n');
}

const pretty = (value: unknown) => JSON.stringify(value, null, 2);
const changed = (lines: LineChange[]) => lines.some((l) => l.kind !== 'same');

export function diffVersions(from: VersionView, to: VersionView): VersionDiff {
  const body = diffLines(bodyText(from), bodyText(to));
  const variables = diffLines(pretty(from.variables), pretty(to.variables));
  const modelConfig = diffLines(pretty(from.modelConfig), pretty(to.modelConfig));
  return {
    from: from.version,
    to: to.version,
    body,
    variables,
    modelConfig,
    changed: { body: changed(body), variables: changed(variables), modelConfig: changed(modelConfig) },
  };
}
