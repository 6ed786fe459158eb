import { COMPOSITE, type RunComparison } from './schemas';

// The words of a gate check: what a person (or a CI log) reads when production is refused.

type Evaluated = RunComparison['evaluators'][number];
export type GateSubject = { prompt: string; dataset: string; datasetVersion: number };

const datasetOf = (s: GateSubject) => `${s.dataset} v${s.datasetVersion}`;

/** The command that makes the missing run: exactly the run the gate will look for. */
export function runCommand(s: GateSubject, version: number): string {
  const quote = (v: string) => (/^[\w./:-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`);
  return `npm run cli -- eval run --dataset ${quote(s.dataset)} --dataset-version ${s.datasetVersion} --prompt ${quote(s.prompt)} --version ${version} --evaluators FILE`;
}

export function missingRunReason(s: GateSubject, versions: { version: number; production: boolean }[], evaluatorsOf?: string): string {
  const which = versions.map((v) => `v${v.version}${v.production ? ' (in production)' : ''}`).join(' and ');
  const runs = versions.map((v) => `  ${runCommand(s, v.version)}`).join('\n');
  const same = evaluatorsOf ? ` with the evaluators of run ${evaluatorsOf}` : '';
  return `${which} ${versions.length > 1 ? 'have' : 'has'} no completed eval run on ${datasetOf(s)} with ${versions.length > 1 ? 'their' : 'its'} own model; run${same}:\n${runs}`;
}

const percent = (x: number) => `${Math.round(x * 100)}%`;
const mean = (e: Evaluated, x: number | null) => (x === null ? 'n/a' : e.kind === 'binary' ? percent(x) : x.toFixed(2));
const pValue = (p: number) => (p < 0.0001 ? 'p < 0.0001' : `p = ${Number(p.toPrecision(2))}`);

/** `exact is worse (68% vs 92%, p = 0.0012 after Holm)`: the candidate's mean first. */
export function describeWorse(e: Evaluated): string {
  const p = e.adjustedPValue ?? e.pValue;
  const label = e.evaluator === COMPOSITE ? 'the composite score' : e.evaluator;
  return `${label} is worse (${mean(e, e.candidateMean)} vs ${mean(e, e.baselineMean)}${p === null ? '' : `, ${pValue(p)} after Holm`})`;
}

export function comparedReason(s: GateSubject, version: number, production: number, compared: Evaluated[], worse: Evaluated[], left: string[]): string {
  const against = `v${version} against v${production} (in production) on ${datasetOf(s)}`;
  const leftOut = left.length > 0 ? ` (not compared, as only one run has them: ${left.join(', ')})` : '';
  if (worse.length > 0) return `${worse.map(describeWorse).join('; ')}: ${against}${leftOut}.`;
  const means = compared.map((e) => `${e.evaluator} ${mean(e, e.candidateMean)} vs ${mean(e, e.baselineMean)}`).join(', ');
  return `No evaluator is significantly worse: ${against} (${means})${leftOut}.`;
}
