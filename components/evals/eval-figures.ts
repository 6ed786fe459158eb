import { amount, percent } from '@/components/experiments/figures';
import type { ComparisonView, EvalResultView, EvalRunView, EvalScoreView } from '@/lib/evals/schemas';

// How the console writes the parts of an eval run: pure, so the unit tests pin them down.

type Run = Pick<EvalRunView, 'name' | 'prompt' | 'version' | 'modelConfig' | 'modelOverride' | 'status' | 'progress'>;

/** Queued and running runs still change: their pages refresh themselves. */
export const isLive = (status: EvalRunView['status']) => status === 'queued' || status === 'running';

/** The share of items done, 0 to 1 (an empty run is done). */
export function progressShare(progress: EvalRunView['progress']): number {
  if (progress.total <= 0) return 1;
  return Math.min(1, Math.max(0, progress.done / progress.total));
}

/** `openai/gpt-4o-mini`: the override's model when the run has one, else the version's. */
export function runModel(run: Pick<Run, 'modelConfig' | 'modelOverride'>): string {
  const pick = (c: Record<string, unknown> | null | undefined, key: string) => (typeof c?.[key] === 'string' ? (c[key] as string) : undefined);
  const provider = pick(run.modelOverride, 'provider') ?? pick(run.modelConfig, 'provider');
  const model = pick(run.modelOverride, 'model') ?? pick(run.modelConfig, 'model');
  if (!model) return 'default model';
  return provider ? `${provider}/${model}` : model;
}

/** What a person calls a run: its name, or its prompt and version. */
export const runTitle = (run: Pick<Run, 'name' | 'prompt' | 'version'>) => run.name.trim() || `${run.prompt} v${run.version}`;

export type ScoreTone = 'pass' | 'fail' | 'score' | 'error' | 'none';

/** One evaluator's score of one item, as a cell: a pass/fail badge, a number, or why there is none. */
export function scoreCell(score: EvalScoreView | undefined): { tone: ScoreTone; text: string } {
  if (!score) return { tone: 'none', text: '—' };
  if (score.error) return { tone: 'error', text: 'error' };
  if (score.pass === true) return { tone: 'pass', text: score.score !== null && score.score !== 1 ? `pass ${amount(score.score)}` : 'pass' };
  if (score.pass === false) return { tone: 'fail', text: score.score !== null && score.score !== 0 ? `fail ${amount(score.score)}` : 'fail' };
  return score.score === null ? { tone: 'none', text: '—' } : { tone: 'score', text: amount(score.score) };
}

/** A run's summary line of one evaluator: pass rate when it passes or fails, and the mean score. */
export function summaryText(s: EvalRunView['summary'][number]): string {
  const parts: string[] = [];
  if (s.passRate !== null) parts.push(`${percent(s.passRate)} pass`);
  if (s.mean !== null && (s.passRate === null || s.mean !== s.passRate)) parts.push(`mean ${amount(s.mean)}`);
  return parts.length ? parts.join(' · ') : '—';
}

type Verdict = ComparisonView['comparisons'][number]['evaluators'][number]['verdict'];

export const verdictBadge: Record<Verdict, 'success' | 'destructive' | 'secondary' | 'outline'> = {
  better: 'success',
  worse: 'destructive',
  'no difference': 'secondary',
  'not enough data': 'outline',
};

/** A confidence interval in the metric's units: `[−0.12, +0.03]`; a dash when undefined. */
export function interval(ci: [number, number] | null, format: (x: number) => string = signed): string {
  return ci === null ? '—' : `[${format(ci[0])}, ${format(ci[1])}]`;
}

const signed = (x: number) => `${x > 0 ? '+' : ''}${amount(x)}`;

/** Dollars that are floats (differences, projections): 4 significant digits, a sign, no exponent. */
export function signedUsd(x: number | null): string {
  if (x === null) return '—';
  const text = Math.abs(x).toLocaleString('en-US', { maximumSignificantDigits: 4 });
  return `${x < 0 ? '−' : x > 0 ? '+' : ''}$${text}`;
}

/** A latency difference in milliseconds, with a sign. */
export const signedMs = (x: number | null) => (x === null ? '—' : `${x > 0 ? '+' : ''}${Math.round(x).toLocaleString('en-US')} ms`);

/**
 * Whether the runs disagree on an item for an evaluator: some passed it and some failed it.
 * Runs that did not score the item (a failed call, not reached yet) have no say.
 */
export function passDisagreement(scores: (EvalScoreView | undefined)[]): boolean {
  const verdicts = new Set(scores.map((s) => s?.pass).filter((p): p is boolean => typeof p === 'boolean'));
  return verdicts.size > 1;
}

export type ItemRow = { position: number; variables: Record<string, unknown>; expected: unknown; results: (EvalResultView | undefined)[] };

/** The runs' results side by side by dataset position; items a run has no result for get a gap. */
export function sideBySide(runs: EvalResultView[][]): ItemRow[] {
  const rows = new Map<number, ItemRow>();
  runs.forEach((results, r) => {
    for (const result of results) {
      let row = rows.get(result.position);
      if (!row) {
        row = { position: result.position, variables: result.variables, expected: result.expected, results: runs.map(() => undefined) };
        rows.set(result.position, row);
      }
      row.results[r] = result;
    }
  });
  return [...rows.values()].sort((a, b) => a.position - b.position);
}

/** The evaluators whose pass/fail differs between the runs on this item. */
export const disagreeingEvaluators = (row: ItemRow, evaluators: string[]) =>
  evaluators.filter((name) => passDisagreement(row.results.map((r) => r?.scores[name])));
