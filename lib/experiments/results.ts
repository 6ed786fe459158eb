import { getDb } from '@/db/client';
import { aggregateExperiment, type ExperimentAggregates, type ExposureAggregate, type MetricAggregate, type Population, unitSumFields, zeroUnitSums } from '@/db/queries/results';
import type { MetricSpec } from '@/db/schema';
import {
  betaBinomialChanceToBeat,
  chanceToBeatControl,
  finiteOrNull,
  holm,
  isSampleRatioMismatch,
  meanSummaryFromSums,
  ratioSummary,
  sequentialMeansTest,
  sequentialProportionsTest,
  srmTest,
  twoProportionTest,
  welchTTest,
  type Interval,
  type MeanSummary,
} from '@/lib/stats';

import { BAYESIAN_LOSS_THRESHOLD } from './decision';
import { experimentRecord } from './experiments';
import { recommend } from './recommendation';
import type { ExperimentView } from './views';

export type MetricSummary =
  | { type: 'binary'; n: number; conversions: number; rate: number | null }
  | { type: 'continuous'; n: number; mean: number | null; variance: number | null; sum: number | null }
  | { type: 'ratio'; n: number; numerator: number; denominator: number; ratio: number | null; variance: number | null };

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

export type VariantTraffic = {
  key: string;
  version: number;
  control: boolean;
  weight: number;
  /** Randomised units: users with a unitId, or single requests without one. */
  units: number;
  executions: number;
  /** The planned sample per variant, in units. */
  target: number;
  reached: boolean;
};

export type SrmResult = { chiSquare: number | null; pValue: number | null; mismatch: boolean; reason: string | null };

/** One population analysed on its own: the per-unit one, or requests without a unitId. */
export type PopulationResults = {
  population: Population;
  variants: VariantTraffic[];
  metrics: MetricResult[];
  srm: SrmResult;
  sampleSizeReached: boolean;
};

export type AnalysisInfo = {
  /** What n counts in `variants` and `metrics`. */
  population: Population;
  method: ExperimentView['method'];
  /** Sequential intervals stay valid however often they are read; the others only at the planned sample. */
  peekingSafe: boolean;
  tuningParameter: number | null;
  /** Bayesian: the expected loss of shipping, relative to |control|, must be below this. */
  lossThreshold: number | null;
  note: string;
};

export type SegmentResult = { value: string | null; variants: { key: string; units: number }[]; metric: MetricResult };

export type SegmentBreakdown = { attribute: string; note: string; segments: SegmentResult[] };

export type ExperimentResults = {
  experiment: ExperimentView;
  analysis: AnalysisInfo;
  variants: VariantTraffic[];
  metrics: MetricResult[];
  srm: SrmResult;
  sampleSizeReached: boolean;
  recommendation: { verdict: 'ship' | 'keep_control' | 'keep_running' | 'inconclusive' | 'check_setup'; winner: string | null; text: string };
  /** The other population, analysed apart and never pooled (executions without a unitId, usually). */
  apart: (PopulationResults & { note: string }) | null;
  segments: SegmentBreakdown | null;
  computedAt: string;
};


export async function experimentResults(key: string, options: { segment?: string } = {}): Promise<ExperimentResults> {
  const { id, view } = await experimentRecord(key);
  const specs = [view.primaryMetric, ...view.guardrailMetrics];
  const variants = view.variants.map((v) => v.key);
  const [aggregates, bySegment] = await Promise.all([
    aggregateExperiment(getDb(), id, variants, specs),
    options.segment === undefined ? null : aggregateExperiment(getDb(), id, variants, [view.primaryMetric], options.segment),
  ]);
  const results = analyse(view, aggregates);
  if (bySegment && options.segment) results.segments = analyseSegments(view, results.analysis.population, bySegment, options.segment);
  return results;
}

/** The sequential tuning parameter: fixed at start; before that, what start will fix. */
export function tuningParameterOf(experiment: ExperimentView): number {
  return experiment.sequentialTuning ?? 2 * experiment.minSampleSize;
}

/**
 * Pure: aggregates in, results out (tests and the A/A simulation feed it aggregates computed
 * independently). The per-unit population is the analysis; requests without a unitId are
 * analysed apart, unless they are all there is.
 */
export function analyse(experiment: ExperimentView, aggregates: ExperimentAggregates): ExperimentResults {
  const has = (p: Population) => aggregates.exposures.some((e) => e.population === p && e.units > 0);
  const main: Population = has('units') || !has('requests') ? 'units' : 'requests';
  const other: Population = main === 'units' ? 'requests' : 'units';
  const primary = analysePopulation(experiment, main, aggregates);
  const control = experiment.variants.find((v) => v.control) ?? experiment.variants[0]!;
  const peekingSafe = experiment.method === 'sequential';
  const apart = has(other) ? { ...analysePopulation(experiment, other, aggregates), note: apartNote(other) } : null;
  return {
    experiment,
    analysis: {
      population: main,
      method: experiment.method,
      peekingSafe,
      tuningParameter: peekingSafe ? tuningParameterOf(experiment) : null,
      lossThreshold: experiment.method === 'bayesian' ? BAYESIAN_LOSS_THRESHOLD : null,
      note: analysisNote(experiment, main),
    },
    ...primary,
    recommendation: recommend({ experiment, control: control.key, ...primary }),
    apart,
    segments: null,
    computedAt: new Date().toISOString(),
  };
}

function analysisNote(experiment: ExperimentView, population: Population): string {
  const unit =
    population === 'units'
      ? 'n counts units (unitId): each unit’s executions are aggregated into one value'
      : 'no execution carries a unitId, so each request is its own unit';
  const method =
    experiment.method === 'sequential'
      ? 'peeking-safe: sequential intervals stay valid however often the results are read'
      : experiment.method === 'frequentist'
        ? `fixed horizon: the p-values are valid only once every variant reaches ${experiment.minSampleSize} units; earlier looks inflate false positives`
        : `Bayesian: ship only when the chance to beat control exceeds ${1 - experiment.alpha} and the expected loss is below ${BAYESIAN_LOSS_THRESHOLD * 100}% of the control`;
  return `${unit}; ${method}.`;
}

function apartNote(population: Population): string {
  return population === 'requests'
    ? 'Executions without a unitId are randomised per request: they are analysed here on their own, never pooled with the per-unit results, and do not count toward the decision.'
    : 'Executions with a unitId are analysed per unit here, apart from the per-request results above.';
}

function analysePopulation(experiment: ExperimentView, population: Population, aggregates: ExperimentAggregates, segment?: string | null): PopulationResults {
  const inScope = <T extends { population: Population; segment: string | null }>(rows: T[]) =>
    rows.filter((r) => r.population === population && (segment === undefined || r.segment === segment));
  const exposures = sumExposures(inScope(aggregates.exposures));
  const metricRows = inScope(aggregates.metrics);
  const control = experiment.variants.find((v) => v.control) ?? experiment.variants[0]!;
  const treatments = experiment.variants.filter((v) => v.key !== control.key);
  const variants = experiment.variants.map((v): VariantTraffic => {
    const e = exposures.get(v.key);
    const units = e?.units ?? 0;
    return { key: v.key, version: v.version, control: v.control, weight: v.weight, units, executions: e?.executions ?? 0, target: experiment.minSampleSize, reached: units >= experiment.minSampleSize };
  });
  const counts = variants.map((v) => v.units);
  const srmResult = srmTest(counts, experiment.variants.map((v) => v.weight));
  const srm = { chiSquare: srmResult.chiSquare, pValue: srmResult.pValue, mismatch: isSampleRatioMismatch(counts, srmResult), reason: srmResult.reason };
  const specs = [
    { ...experiment.primaryMetric, role: 'primary' as const },
    ...experiment.guardrailMetrics.map((g) => ({ ...g, role: 'guardrail' as const })),
  ];
  const metrics = specs.map((spec): MetricResult => {
    const summaries: Record<string, MetricSummary> = {};
    for (const v of experiment.variants) summaries[v.key] = summarise(spec, exposures.get(v.key), sumMetrics(metricRows, v.key, spec.name));
    const raw = treatments.map((t) => compare(experiment, spec, summaries[control.key]!, summaries[t.key]!, t.key));
    const adjusted = treatments.length > 1 ? holm(raw.map((c) => c.pValue)) : raw.map((c) => c.pValue);
    const comparisons = raw.map((c, i) => finish(c, adjusted[i] ?? null, experiment, spec.direction, summaries[control.key]!));
    const ignoredValues = metricRows.filter((r) => r.metric === spec.name).reduce((total, r) => total + r.ignored, 0);
    const result: MetricResult = { metric: spec, role: spec.role, summaries, comparisons, ignoredValues };
    if (spec.role === 'guardrail') {
      result.withinTolerance = Object.fromEntries(comparisons.map((c) => [c.variant, withinTolerance(c, spec.direction, spec.tolerance ?? 0)]));
    }
    return result;
  });
  return { population, variants, metrics, srm, sampleSizeReached: variants.every((v) => v.reached) };
}

type Exposure = Pick<ExposureAggregate, 'units' | 'executions' | 'executionsSquares'>;

// Segments of one variant are summed back when the analysis is not broken down.
function sumExposures(rows: ExposureAggregate[]): Map<string, Exposure> {
  const out = new Map<string, Exposure>();
  for (const r of rows) {
    const e = out.get(r.variant) ?? { units: 0, executions: 0, executionsSquares: 0 };
    out.set(r.variant, { units: e.units + r.units, executions: e.executions + r.executions, executionsSquares: e.executionsSquares + r.executionsSquares });
  }
  return out;
}

const sumFields = [...unitSumFields, 'ignored'] as const;
type MetricSums = Record<(typeof sumFields)[number], number>;

function sumMetrics(rows: MetricAggregate[], variant: string, metric: string): MetricSums {
  const out: MetricSums = { ...zeroUnitSums(), ignored: 0 };
  for (const r of rows) if (r.variant === variant && r.metric === metric) for (const f of sumFields) out[f] += r[f];
  return out;
}

/** The unit-level summary the metric's spec asks for. */
function summarise(spec: MetricSpec, exposure: Exposure | undefined, m: MetricSums): MetricSummary {
  const units = exposure?.units ?? 0;
  if (spec.per === 'execution') {
    const sums =
      spec.type === 'binary'
        ? { n: units, sumX: m.positives, sumXX: m.positivesSquares, sumY: exposure?.executions ?? 0, sumYY: exposure?.executionsSquares ?? 0, sumXY: m.positivesExecutions }
        : { n: units, sumX: m.sum, sumXX: m.sumSquares, sumY: m.count, sumYY: m.countSquares, sumXY: m.sumCount };
    const r = ratioSummary(sums);
    return { type: 'ratio', n: units, numerator: sums.sumX, denominator: sums.sumY, ratio: r.reason ? (sums.sumY > 0 ? finiteOrNull(sums.sumX / sums.sumY) : null) : r.mean, variance: r.reason ? null : r.variance };
  }
  if (spec.type === 'binary') return { type: 'binary', n: units, conversions: m.converted, rate: units > 0 ? m.converted / units : null };
  // 'sum': every unit counts, 0 without a value; 'mean': the units that reported one.
  const s = spec.aggregate === 'sum' ? meanSummaryFromSums({ n: units, sum: m.sum, sumSquares: m.sumSquares }) : meanSummaryFromSums({ n: m.valued, sum: m.meanSum, sumSquares: m.meanSumSquares });
  // Sums past float8 (aggregates fed in by hand) give null, never Infinity or NaN.
  return {
    type: 'continuous',
    n: s.n,
    mean: s.n > 0 ? finiteOrNull(s.mean) : null,
    variance: s.n > 1 ? finiteOrNull(s.variance) : null,
    sum: finiteOrNull(spec.aggregate === 'sum' ? m.sum : m.meanSum),
  };
}

type RawComparison = Omit<Comparison, 'adjustedPValue' | 'significant' | 'better' | 'worse'>;

function compare(experiment: ExperimentView, spec: MetricSpec, c: MetricSummary, t: MetricSummary, variant: string): RawComparison {
  const alpha = experiment.alpha;
  const tuningParameter = tuningParameterOf(experiment);
  let test;
  let bayes;
  if (c.type === 'binary' && t.type === 'binary') {
    const cc = { n: c.n, conversions: c.conversions };
    const tc = { n: t.n, conversions: t.conversions };
    test = experiment.method === 'sequential' ? sequentialProportionsTest(cc, tc, { alpha, tuningParameter }) : twoProportionTest(cc, tc, { alpha });
    bayes = betaBinomialChanceToBeat(cc, tc);
  } else {
    const cs = asMeans(c);
    const ts = asMeans(t);
    test = experiment.method === 'sequential' ? sequentialMeansTest(cs, ts, { alpha, tuningParameter }) : welchTTest(cs, ts, { alpha });
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

function asMeans(s: MetricSummary): MeanSummary {
  // A mean or variance that did not fit a double stays not-a-number, so the tests answer null with a reason.
  if (s.type === 'continuous') return { n: s.n, mean: s.mean ?? (s.n > 0 ? NaN : 0), variance: s.variance ?? (s.n > 1 ? NaN : 0) };
  if (s.type === 'ratio') return { n: s.n, mean: s.ratio ?? NaN, variance: s.variance ?? NaN };
  return { n: s.n, mean: s.rate ?? 0, variance: 0 };
}

function valueOf(s: MetricSummary): number | null {
  return s.type === 'binary' ? s.rate : s.type === 'ratio' ? s.ratio : s.mean;
}

function finish(c: RawComparison, adjustedPValue: number | null, experiment: ExperimentView, direction: MetricSpec['direction'], control: MetricSummary): Comparison {
  const good = direction === 'increase' ? (c.diff ?? 0) > 0 : (c.diff ?? 0) < 0;
  if (experiment.method === 'bayesian') {
    // One decision, on one side: ship when the treatment is better with chance > 1 − α and
    // shipping it is expected to cost less than the threshold (GrowthBook's risk). Deciding at
    // chance > 1 − α or < α would be 2α in all. "Worse" answers the guardrails' question; it
    // is not a decision to act on, so it is not "significant".
    const base = valueOf(control);
    const chance = c.chanceToBeatControl;
    const riskOk = c.expectedLoss !== null && base !== null && base !== 0 && c.expectedLoss.treatment / Math.abs(base) < BAYESIAN_LOSS_THRESHOLD;
    const better = chance !== null && chance > 1 - experiment.alpha && riskOk;
    const worse = chance !== null && chance < experiment.alpha;
    return { ...c, adjustedPValue, significant: better, better, worse };
  }
  const significant = adjustedPValue !== null && adjustedPValue < experiment.alpha;
  return { ...c, adjustedPValue, significant, better: significant && good, worse: significant && !good };
}

/** A guardrail holds unless the treatment is significantly worse by more than the tolerated share. */
function withinTolerance(c: Comparison, direction: MetricSpec['direction'], tolerance: number): boolean {
  if (!c.worse || c.relativeDiff === null) return true;
  const degradation = direction === 'increase' ? -c.relativeDiff : c.relativeDiff;
  return degradation <= tolerance;
}

/** The primary metric per value of one attribute, each with its own test; Holm across segments. */
export function analyseSegments(experiment: ExperimentView, population: Population, aggregates: ExperimentAggregates, attribute: string): SegmentBreakdown {
  const values = [...new Set(aggregates.exposures.filter((e) => e.population === population).map((e) => e.segment))].sort((a, b) =>
    a === null ? 1 : b === null ? -1 : a < b ? -1 : a > b ? 1 : 0,
  );
  const plain = { ...experiment, guardrailMetrics: [] };
  const raw = values.map((value) => {
    const r = analysePopulation(plain, population, aggregates, value);
    return { value, variants: r.variants.map((v) => ({ key: v.key, units: v.units })), metric: r.metrics[0]! };
  });
  // Every (segment, treatment) comparison is one more chance of a false positive.
  const flat = raw.flatMap((s) => s.metric.comparisons.map((c) => c.pValue));
  const adjusted = holm(flat);
  let i = 0;
  const segments = raw.map((s) => ({
    ...s,
    metric: {
      ...s.metric,
      comparisons: s.metric.comparisons.map((c) => {
        const p = adjusted[i++] ?? null;
        if (experiment.method === 'bayesian') return { ...c, adjustedPValue: p };
        const significant = p !== null && p < experiment.alpha;
        const good = experiment.primaryMetric.direction === 'increase' ? (c.diff ?? 0) > 0 : (c.diff ?? 0) < 0;
        return { ...c, adjustedPValue: p, significant, better: significant && good, worse: significant && !good };
      }),
    },
  }));
  const tests = flat.length;
  return {
    attribute,
    segments,
    note: `${segments.length} segment${segments.length === 1 ? '' : 's'} of ${attribute}, ${tests} comparison${tests === 1 ? '' : 's'}: unadjusted, about ${(tests * experiment.alpha).toFixed(1)} of them would look significant by chance alone, so p-values are Holm-adjusted across all of them. A segment's result is a lead to test in its own experiment, not a decision. A unit that sent several values of the attribute is placed by the least of them (in text order), so it counts in one segment only.`,
  };
}
