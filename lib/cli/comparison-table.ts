import type { ComparisonView, EvalRunView, RunComparison } from '@/lib/evals/schemas';

// `eval compare` as text: one table per candidate run against the baseline, then latency and cost.

type Evaluated = RunComparison['evaluators'][number];

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const signed = (s: string, x: number) => (x > 0 ? `+${s}` : s);
/** Signed dollars: cents, or two significant digits below a cent (a call costs fractions of one). */
const usd = (x: number) => {
  const abs = Math.abs(x);
  const digits = abs === 0 ? '0' : abs < 0.01 ? String(Number(abs.toPrecision(2))) : abs.toFixed(2);
  return `${x < 0 ? '-' : x > 0 ? '+' : ''}$${digits}`;
};
const p = (x: number | null) => (x === null ? '—' : x < 0.0001 ? '<0.0001' : x.toFixed(4));

function row(e: Evaluated): string[] {
  const value = (x: number | null) => (x === null ? '—' : e.kind === 'binary' ? pct(x) : x.toFixed(3));
  const diff = (x: number) => signed(e.kind === 'binary' ? pct(x) : x.toFixed(3), x);
  return [
    e.evaluator,
    String(e.n),
    value(e.baselineMean),
    value(e.candidateMean),
    e.meanDifference === null ? '—' : diff(e.meanDifference),
    e.bootstrapCi ? `[${diff(e.bootstrapCi[0])}, ${diff(e.bootstrapCi[1])}]` : '—',
    p(e.pValue),
    p(e.adjustedPValue),
    e.verdict,
  ];
}

/** Columns padded to their widest cell; numbers right-aligned. */
export function table(header: string[], rows: string[][], left = new Set([0, header.length - 1])): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (left.has(i) ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

const runLabel = (r: EvalRunView | undefined, id: string) => (r ? `${id} (${r.prompt} v${r.version}${r.modelOverride ? ` with ${String(r.modelOverride.model ?? 'another model')}` : ''})` : id);

export function formatComparison(view: ComparisonView): string {
  const runs = new Map(view.runs.map((r) => [r.id, r]));
  const level = `${Math.round((1 - view.alpha) * 100)}% CI`;
  const blocks = view.comparisons.map((c) => {
    const head = `${runLabel(runs.get(c.candidateRunId), c.candidateRunId)}\n  against baseline ${runLabel(runs.get(c.baselineRunId), c.baselineRunId)}\n  on ${view.datasetVersion.dataset} v${view.datasetVersion.version}${c.excludedItems ? ` (${c.excludedItems} item${c.excludedItems === 1 ? '' : 's'} left out: a run failed on them)` : ''}`;
    const body = table(['evaluator', 'n', 'baseline', 'candidate', 'difference', level, 'p', 'adjusted p', 'verdict'], c.evaluators.map(row));
    const latency =
      c.latency.meanDifferenceMs === null
        ? 'latency: not enough data'
        : `latency: ${signed(c.latency.meanDifferenceMs.toFixed(0), c.latency.meanDifferenceMs)} ms a call${c.latency.ci ? ` [${c.latency.ci.map((x) => x.toFixed(0)).join(', ')}]` : ''}, p ${p(c.latency.pValue)} (n = ${c.latency.n})`;
    const cost =
      c.cost.meanDifferenceUsd === null
        ? 'cost: not enough data'
        : `cost: ${usd(c.cost.meanDifferenceUsd)} a call${c.cost.ci ? ` [${c.cost.ci.map(usd).join(', ')}]` : ''}, p ${p(c.cost.pValue)}` +
          (c.cost.projectedMonthlyDifferenceUsd === null
            ? ''
            : `; ${usd(c.cost.projectedMonthlyDifferenceUsd)} a month at ${c.cost.monthlyVolume.toLocaleString('en-US')} production executions${c.cost.projectedMonthlyCi ? ` [${c.cost.projectedMonthlyCi.map(usd).join(', ')}]` : ''}`);
    return `${head}\n\n${body}\n\n${latency}\n${cost}`;
  });
  return blocks.join('\n\n');
}
