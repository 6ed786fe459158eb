import type { EvaluatorType, NewEvalRunInput } from '@/lib/evals/schemas';

// The new-run form edits evaluators as text (what the inputs hold) and turns them into the
// service's input only on submit, so a half-typed number never becomes NaN on the wire.

export const EVALUATOR_TYPES: { type: EvaluatorType; label: string; hint: string }[] = [
  { type: 'exact', label: 'Exact match', hint: 'The output equals the expected output.' },
  { type: 'contains', label: 'Contains', hint: 'The output contains the expected output, or the text you give.' },
  { type: 'regex', label: 'Regular expression', hint: 'The output matches a pattern (RE2 syntax).' },
  { type: 'json_valid', label: 'Valid JSON', hint: 'The output parses as JSON.' },
  { type: 'json_schema', label: 'JSON schema', hint: 'The output is JSON that fits a schema.' },
  { type: 'numeric', label: 'Number', hint: 'The first number in the output is the expected one, within a tolerance.' },
  { type: 'length', label: 'Length', hint: 'The output has between min and max characters.' },
  { type: 'levenshtein', label: 'Similarity', hint: 'Edit-distance similarity to the expected output; passes at the threshold.' },
  { type: 'latency', label: 'Latency', hint: 'The call took at most this many milliseconds.' },
  { type: 'cost', label: 'Cost', hint: 'The call cost at most this many dollars.' },
  { type: 'judge', label: 'LLM judge', hint: 'A Verso prompt grades the output (it gets input, output and expected).' },
];

export type EvaluatorDraft = {
  key: string;
  type: EvaluatorType;
  name: string;
  weight: string;
  caseSensitive: boolean;
  trim: boolean;
  value: string;
  pattern: string;
  flags: string;
  schema: string;
  absolute: string;
  relative: string;
  min: string;
  max: string;
  threshold: string;
  maxMs: string;
  maxUsd: string;
  /** The judge prompt's name. */
  judgePrompt: string;
  /** `label:<name>` or `version:<n>`. */
  judgeTarget: string;
  scale: 'binary' | '1-5' | '0-1';
  passAt: string;
  /** `provider/model`, or '' for the judge prompt's own model. */
  judgeModel: string;
};

let keys = 0;

export function newEvaluator(type: EvaluatorType = 'exact', taken: string[] = []): EvaluatorDraft {
  return {
    key: `e${++keys}`,
    type,
    name: freeName(type, taken),
    weight: '1',
    caseSensitive: false,
    trim: true,
    value: '',
    pattern: '',
    flags: '',
    schema: '{\n  "type": "object"\n}',
    absolute: '0',
    relative: '0',
    min: '',
    max: '',
    threshold: '0.8',
    maxMs: '5000',
    maxUsd: '0.01',
    judgePrompt: '',
    judgeTarget: 'label:production',
    scale: 'binary',
    passAt: '',
    judgeModel: '',
  };
}

/** An evaluator's default name is its type (json_valid → json-valid), numbered when taken. */
export function freeName(type: EvaluatorType, taken: string[]): string {
  const base = type.replace(/_/g, '-');
  if (!taken.includes(base)) return base;
  for (let n = 2; ; n++) if (!taken.includes(`${base}-${n}`)) return `${base}-${n}`;
}

type Spec = NewEvalRunInput['evaluators'][number];
export type DraftErrors = Record<string, string>;

/** Field errors are keyed as the service's issues are (`evaluators.0.pattern`), so both land on the same input. */
export function evaluatorSpecs(drafts: EvaluatorDraft[]): { ok: true; specs: Spec[] } | { ok: false; errors: DraftErrors } {
  const errors: DraftErrors = {};
  const specs = drafts.map((d, i) => toSpec(d, (field, message) => void (errors[`evaluators.${i}.${field}`] ??= message)));
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, specs: specs as Spec[] };
}

type Fail = (field: string, message: string) => void;

function toSpec(d: EvaluatorDraft, fail: Fail): Spec | null {
  const num = (field: string, text: string, opts: { optional?: boolean; integer?: boolean } = {}): number | undefined => {
    const t = text.trim();
    if (t === '') {
      if (!opts.optional) fail(field, 'Required.');
      return undefined;
    }
    const n = Number(t);
    if (!Number.isFinite(n)) return void fail(field, 'Not a number.');
    if (opts.integer && !Number.isInteger(n)) return void fail(field, 'A whole number.');
    return n;
  };
  const base = { name: d.name.trim(), weight: num('weight', d.weight) ?? 1 };
  switch (d.type) {
    case 'exact':
      return { ...base, type: 'exact', caseSensitive: d.caseSensitive, trim: d.trim };
    case 'contains':
      return { ...base, type: 'contains', caseSensitive: d.caseSensitive, ...(d.value !== '' ? { value: d.value } : {}) };
    case 'regex':
      return { ...base, type: 'regex', pattern: d.pattern, flags: d.flags.trim() };
    case 'json_valid':
      return { ...base, type: 'json_valid' };
    case 'json_schema': {
      const schema = parseSchema(d.schema);
      if (typeof schema === 'string') fail('schema', schema);
      return { ...base, type: 'json_schema', schema: typeof schema === 'string' ? {} : schema };
    }
    case 'numeric':
      return { ...base, type: 'numeric', absolute: num('absolute', d.absolute) ?? 0, relative: num('relative', d.relative) ?? 0 };
    case 'length': {
      const min = num('min', d.min, { optional: true, integer: true });
      const max = num('max', d.max, { optional: true, integer: true });
      if (min === undefined && max === undefined) fail('min', 'Give a minimum, a maximum or both.');
      return { ...base, type: 'length', ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
    }
    case 'levenshtein':
      return { ...base, type: 'levenshtein', threshold: num('threshold', d.threshold) ?? 0.8 };
    case 'latency':
      return { ...base, type: 'latency', maxMs: num('maxMs', d.maxMs, { integer: true }) ?? 1 };
    case 'cost':
      return { ...base, type: 'cost', maxUsd: num('maxUsd', d.maxUsd) ?? 0 };
    case 'judge': {
      if (!d.judgePrompt) fail('prompt', 'Pick the judge prompt.');
      const passAt = num('passAt', d.passAt, { optional: true });
      const model = d.judgeModel ? modelOfKey(d.judgeModel) : undefined;
      return {
        ...base,
        type: 'judge',
        prompt: d.judgePrompt,
        ...selectorOf(d.judgeTarget),
        ...(model ? { model } : {}),
        scale: d.scale,
        // A binary judge passes on 1; a threshold only means something on a scale.
        ...(passAt !== undefined && d.scale !== 'binary' ? { passAt } : {}),
      };
    }
  }
}

function parseSchema(text: string): Record<string, unknown> | string {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'A JSON schema is an object.';
    return value as Record<string, unknown>;
  } catch {
    return 'Not valid JSON.';
  }
}

/** A `label:<name>` / `version:<n>` select value as the service's selector. */
export function selectorOf(target: string): { version: number } | { label: string } {
  const at = target.indexOf(':');
  const rest = target.slice(at + 1);
  return target.slice(0, at) === 'version' && /^[1-9]\d*$/.test(rest) ? { version: Number(rest) } : { label: rest || 'production' };
}

export const modelKey = (m: { provider: string; model: string }) => `${m.provider}/${m.model}`;

/** `openai/gpt-4o-mini` → its provider and model (a model name may itself hold slashes). */
export function modelOfKey(key: string): { provider: string; model: string } | undefined {
  const at = key.indexOf('/');
  if (at <= 0 || at === key.length - 1) return undefined;
  return { provider: key.slice(0, at), model: key.slice(at + 1) };
}
