import { getDb } from '@/db/client';
import { aggregateExperiment, experimentTimeline, type VariantAggregate } from '@/db/queries/results';
import type { MetricSpec } from '@/db/schema';
import {
  betaBinomialChanceToBeat,
  chanceToBeatControl,
  finiteOrNull,
  holm,
  isSampleRatioMismatch,
  meanSummaryFromSums,
  sequentialMeansTest,
  sequentialProportionsTest,
  srmTest,
  twoProportionTest,
  welchTTest,
  type Interval,
} from '@/lib/stats';
import { experimentRecord } from './experiments';
import { recommend } from './recommendation';
import type { ExperimentView } from './views';

export type MetricSummary =
  | { type: 'binary'; n: number; conversions: number; rate: number | null }
  | { type: 'continuous'; n: number; mean: number | null; variance: number | null; sum: number | null };

export type Comparison = {
  variant: string;
  diff: number | null;
  ci: Interval | null;
  relativeDiff: number | null;
  relativeCi: Interval | null;
  pValue: number | null;
  adjustedPValue: number | null;
  chanceToBeatControl: number | null;
  expectedLoss: { control: number; treatment: number } | null;
  significant: boolean;
  /** Significant and in the metric's good direction. */
  better: boolean;
  worse: boolean;
  reason: string | null;
};

export type MetricResult = {
  metric: MetricSpec & { tolerance?: number };
  role: 'primary' | 'guardrail';
  summaries: Record<string, MetricSummary>;
  comparisons: Comparison[];
  /** Guardrails only: false when a treatment is worse than the control beyond the tolerance. */
  withinTolerance?: Record<string, boolean>;
  /** Values outside ±1e15 (stored before that limit) that the analysis leaves out. */
  ignoredValues: number;
};

export type ExperimentResults = {
  experiment: ExperimentView;
  variants: { key: string; version: number; control: boolean; weight: number; executions: number; target: number; reached: boolean }[];
  metrics: MetricResult[];
  srm: { chiSquare: number | null; pValue: number | null; mismatch: boolean; reason: string | null };
  sampleSizeReached: boolean;
  recommendation: { verdict: 'ship' | 'keep_control' | 'keep_running' | 'inconclusive' | 'check_setup'; winner: string | null; text: string };
  computedAt: string;
};

export async function experimentResults(key: string): Promise<ExperimentResults> {
  const { id, view } = await experimentRecord(key);
  return analyse(view, await aggregateExperiment(getDb(), id, [view.primaryMetric, ...view.guardrailMetrics]));
}

/** Pure: aggregates in, results out (tests feed it counts computed independently). */
export function analyse(experiment: ExperimentView, rows: VariantAggregate[]): ExperimentResults {
  const executions = new Map(rows.filter((r) => r.metric === null).map((r) => [r.variant, r.n]));
  const control = experiment.variants.find((v) => v.control) ?? experiment.variants[0]!;
  const treatments = experiment.variants.filter((v) => v.key !== control.key);
  const variants = experiment.variants.map((v) => {
    const n = executions.get(v.key) ?? 0;
    return { key: v.key, version: v.version, control: v.control, weight: v.weight, executions: n, target: experiment.minSampleSize, reached: n >= experiment.minSampleSize };
  });
  const counts = variants.map((v) => v.executions);
  const srmResult = srmTest(counts, experiment.variants.map((v) => v.weight));
  const srm = {
    chiSquare: srmResult.chiSquare,
    pValue: srmResult.pValue,
    mismatch: isSampleRatioMismatch(counts, srmResult),
    reason: srmResult.reason,
  };
  const specs = [
    { ...experiment.primaryMetric, role: 'primary' as const },
    ...experiment.guardrailMetrics.map((g) => ({ ...g, role: 'guardrail' as const })),
  ];
  const metrics = specs.map((spec): MetricResult => {
    const summaries: Record<string, MetricSummary> = {};
    for (const v of experiment.variants) summaries[v.key] = summarise(spec, v.key, executions.get(v.key) ?? 0, rows);
    const raw = treatments.map((t) => compare(experiment, spec, summaries[control.key]!, summaries[t.key]!, t.key));
    const adjusted = treatments.length > 1 ? holm(raw.map((c) => c.pValue)) : raw.map((c) => c.pValue);
    const comparisons = raw.map((c, i) => finish(c, adjusted[i] ?? null, experiment, spec.direction));
    const ignoredValues = rows.filter((r) => r.metric === spec.name).reduce((total, r) => total + (r.ignored ?? 0), 0);
    const result: MetricResult = { metric: spec, role: spec.role, summaries, comparisons, ignoredValues };
    if (spec.role === 'guardrail') {
      result.withinTolerance = Object.fromEntries(comparisons.map((c) => [c.variant, withinTolerance(c, spec.direction, spec.tolerance ?? 0)]));
    }
    return result;
  });
  const sampleSizeReached = variants.every((v) => v.reached);
  return {
    experiment,
    variants,
    metrics,
    srm,
    sampleSizeReached,
    recommendation: recommend({ experiment, control: control.key, metrics, srm, sampleSizeReached }),
    computedAt: new Date().toISOString(),
  };
}

function summarise(spec: MetricSpec, variant: string, executions: number, rows: VariantAggregate[]): MetricSummary {
  const row = rows.find((r) => r.metric === spec.name && r.variant === variant);
  if (spec.type === 'binary') {
    // An execution without a value did not convert.
    const conversions = row?.positives ?? 0;
    return { type: 'binary', n: executions, conversions, rate: executions > 0 ? conversions / executions : null };
  }
  // Continuous metrics use only the executions that reported a value.
  const s = meanSummaryFromSums({ n: row?.n ?? 0, sum: row?.sum ?? 0, sumSquares: row?.sumSquares ?? 0 });
  // Sums past float8 (aggregates fed in by hand, or a future query) give null, never Infinity or NaN.
  return {
    type: 'continuous',
    n: s.n,
    mean: s.n > 0 ? finiteOrNull(s.mean) : null,
    variance: s.n > 1 ? finiteOrNull(s.variance) : null,
    sum: finiteOrNull(row?.sum ?? 0),
  };
}

type RawComparison = Omit<Comparison, 'adjustedPValue' | 'significant' | 'better' | 'worse'>;

function compare(experiment: ExperimentView, spec: MetricSpec, c: MetricSummary, t: MetricSummary, variant: string): RawComparison {
  const alpha = experiment.alpha;
  let test;
  let bayes;
  if (c.type === 'binary' && t.type === 'binary') {
    const cc = { n: c.n, conversions: c.conversions };
    const tc = { n: t.n, conversions: t.conversions };
    test = experiment.method === 'sequential' ? sequentialProportionsTest(cc, tc, { alpha }) : twoProportionTest(cc, tc, { alpha });
    bayes = betaBinomialChanceToBeat(cc, tc);
  } else {
    const cs = asMeans(c);
    const ts = asMeans(t);
    test = experiment.method === 'sequential' ? sequentialMeansTest(cs, ts, { alpha }) : welchTTest(cs, ts, { alpha });
    bayes = chanceToBeatControl(cs, ts);
  }
  // Chance to beat and loss are for "higher is better"; flip them for metrics meant to go down.
  const decrease = spec.direction === 'decrease';
  const chance = bayes.chanceToBeatControl === null ? null : decrease ? 1 - bayes.chanceToBeatControl : bayes.chanceToBeatControl;
  const loss = bayes.expectedLoss && (decrease ? { control: bayes.expectedLoss.treatment, treatment: bayes.expectedLoss.control } : bayes.expectedLoss);
  return {
    variant,
    diff: test.diff,
    ci: test.ci,
    relativeDiff: test.relativeDiff,
    relativeCi: test.relativeCi,
    pValue: test.pValue,
    chanceToBeatControl: chance,
    expectedLoss: loss ?? null,
    reason: test.reason ?? bayes.reason,
  };
}

function asMeans(s: MetricSummary) {
  // A mean or variance that did not fit a double stays not-a-number, so the tests answer null with a reason.
  if (s.type === 'continuous') return { n: s.n, mean: s.mean ?? (s.n > 0 ? NaN : 0), variance: s.variance ?? (s.n > 1 ? NaN : 0) };
  return { n: s.n, mean: s.rate ?? 0, variance: 0 };
}

function finish(c: RawComparison, adjustedPValue: number | null, experiment: ExperimentView, direction: MetricSpec['direction']): Comparison {
  const good = direction === 'increase' ? (c.diff ?? 0) > 0 : (c.diff ?? 0) < 0;
  // Bayesian analysis decides by the chance to beat control (1 − alpha either way); the others by the p-value.
  const significant =
    experiment.method === 'bayesian'
      ? c.chanceToBeatControl !== null && (c.chanceToBeatControl > 1 - experiment.alpha || c.chanceToBeatControl < experiment.alpha)
      : adjustedPValue !== null && adjustedPValue < experiment.alpha;
  return { ...c, adjustedPValue, significant, better: significant && good, worse: significant && !good };
}

/** A guardrail holds unless the treatment is significantly worse by more than the tolerated share. */
function withinTolerance(c: Comparison, direction: MetricSpec['direction'], tolerance: number): boolean {
  if (!c.worse || c.relativeDiff === null) return true;
  const degradation = direction === 'increase' ? -c.relativeDiff : c.relativeDiff;
  return degradation <= tolerance;
}

export async function experimentTimelineFor(key: string) {
  const { id, view: experiment } = await experimentRecord(key);
  const started = experiment.startedAt ? Date.parse(experiment.startedAt) : Date.now();
  // Enough points for a line on the first afternoon, few enough after a month.
  const span = Date.now() - started;
  const bucket: 'minute' | 'hour' | 'day' = span > 3 * 86_400_000 ? 'day' : span > 6 * 3_600_000 ? 'hour' : 'minute';
  return { bucket, points: await experimentTimeline(getDb(), id, experiment.primaryMetric.name, bucket) };
}
