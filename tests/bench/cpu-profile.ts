// Reads V8 .cpuprofile files and says where the time went: self time per function, and
// total (inclusive) time per package or app folder.
import fs from 'node:fs';
import path from 'node:path';

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[] };

function where(url: string): string {
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith('node:') || !url.includes('/')) return url ? 'node internals' : '(vm)';
  for (const marker of ['/app/', '/lib/', '/db/', '/components/']) {
    const at = url.indexOf(marker);
    if (at >= 0) return url.slice(at + 1).split('/').slice(0, 2).join('/');
  }
  return path.basename(url);
}

export function summariseProfiles(dir: string, top = 20): string {
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')) : [];
  if (files.length === 0) return `No CPU profiles in ${dir}.`;
  const selfByFunction = new Map<string, number>();
  const selfByPlace = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  for (const file of files) {
    const profile = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Profile;
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const timeOf = new Map<number, number>();
    profile.samples.forEach((id, i) => timeOf.set(id, (timeOf.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
    for (const node of profile.nodes) {
      const t = timeOf.get(node.id) ?? 0;
      if (t === 0) continue;
      const { functionName, url } = node.callFrame;
      if (functionName === '(idle)' || functionName === '(program)') continue;
      total += t;
      const name = label(node);
      selfByFunction.set(name, (selfByFunction.get(name) ?? 0) + t);
      const place = functionName === '(garbage collector)' ? 'garbage collector' : where(url);
      selfByPlace.set(place, (selfByPlace.get(place) ?? 0) + t);
      // Inclusive: every named function on the stack gets the sample once (recursion counts once).
      const onStack = new Set<string>();
      for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
        const frame = byId.get(id)!;
        if (isTelling(frame)) onStack.add(label(frame));
      }
      for (const name of onStack) inclusive.set(name, (inclusive.get(name) ?? 0) + t);
    }
  }
  const pct = (t: number) => `${((100 * t) / total).toFixed(1).padStart(5)}%`;
  const rows = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, t]) => `  ${pct(t)}  ${k}`)
      .join('\n');
  return [
    `CPU profile of the server (${files.length} file(s), ${(total / 1e6).toFixed(1)} s of busy CPU):`,
    'Self time by package or app folder:',
    rows(selfByPlace, 12),
    'Self time by function:',
    rows(selfByFunction, top),
    'Inclusive time (the function and what it calls) of named functions:',
    rows(inclusive, top),
  ].join('\n');
}

const label = (node: Node) => {
  const { functionName, url, lineNumber } = node.callFrame;
  return `${functionName || '(anonymous)'}  ${url ? `${where(url)}:${lineNumber + 1}` : ''}`;
};

// Frames that say nothing about where the time goes: the event loop, wasm internals, one-letter minified names.
const GENERIC = new Set(['(root)', 'processTicksAndRejections', 'runMicrotasks', 'GenericJSToWasmWrapper', '(garbage collector)']);
function isTelling(node: Node): boolean {
  const name = node.callFrame.functionName;
  return name.length > 2 && !GENERIC.has(name) && !name.startsWith('wasm-') && !name.startsWith('./dist/');
}
