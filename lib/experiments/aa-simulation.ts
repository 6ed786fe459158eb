// A/A simulations: experiments where both arms are the same, analysed by Verso's own engine
// (aggregateInMemory, which the integration tests hold equal to the results query, then
// analyse), thousands of times. Every "significant" is a false positive, so the share of runs
// with one is the false-positive rate a user of Verso would live with. `npm run sim:aa`.
import type { AggregatedMetric, ExperimentAggregates } from '@/db/queries/results';
import type { MetricSpec } from '@/db/schema';
import { isSampleRatioMismatch, normalQuantile, normalSf, srmTest, twoProportionTest } from '@/lib/stats';
import { AA_VARIANTS, aaTraffic, aaTrafficByDay, type AaTraffic } from './aa-traffic';
import { growthbookDefinition } from './growthbook';
import { analyse, type ExperimentResults } from './results';
import { seededRandom, type Random } from './simulation';
import { UnitAggregation } from './unit-aggregation';
import type { ExperimentView } from './views';

const ALPHA = 0.05;

export type AaPlan = {
  seed: number;
  /** Experiments per fixed-horizon family (one at ρ = 0.05, one at ρ = 0.17). */
  fixedRuns: number;
  /** Experiments looked at every day. */
  peekingRuns: number;
  /** Users per experiment. */
  units: number;
  /** Days, one look a day. */
  looks: number;
};

export const FULL_PLAN: AaPlan = { seed: 20_240_611, fixedRuns: 4_000, peekingRuns: 4_000, units: 2_000, looks: 14 };
export const QUICK_PLAN: AaPlan = { ...FULL_PLAN, fixedRuns: 300, peekingRuns: 300 };

/** The rate is acceptable between min and max (inclusive). */
export type Target = { min: number; max: number };
export type Check = { label: string; hits: number; runs: number; target: Target; note?: string };

const rate = (c: Check) => (c.runs > 0 ? c.hits / c.runs : NaN);
export const passes = (c: Check) => rate(c) >= c.target.min && rate(c) <= c.target.max;
/**
 * For a quick run, whose few hundred experiments leave a rate ±2–3 points of noise: missed only
 * when the 95% interval excludes the target, not when the point estimate strays.
 */
export const consistentWith = (c: Check) => {
  const [lo, hi] = wilson(c.hits, c.runs);
  return hi >= c.target.min && lo <= c.target.max;
};

/** Wilson's score interval for a binomial share (95%). */
export function wilson(hits: number, runs: number, z = 1.959963984540054): [number, number] {
  if (runs === 0) return [0, 1];
  const p = hits / runs;
  const centre = p + (z * z) / (2 * runs);
  const spread = z * Math.sqrt((p * (1 - p)) / runs + (z * z) / (4 * runs * runs));
  const scale = 1 + (z * z) / runs;
  // Exact at the ends: rounding would leave 1e-19 above 0 for no hits at all.
  return [hits === 0 ? 0 : (centre - spread) / scale, hits === runs ? 1 : (centre + spread) / scale];
}

/**
 * The false-positive rate of a test that treats executions as independent when each user's m
 * calls correlate ρ: the variance is (1 + (E[m²]/E[m] − 1)ρ) times what the test assumes.
 */
export function perExecutionFalsePositives(icc: number, maxCalls: number, alpha = ALPHA): number {
  const meanCalls = (maxCalls + 1) / 2;
  const meanSquares = ((maxCalls + 1) * (2 * maxCalls + 1)) / 6;
  const inflation = 1 + (meanSquares / meanCalls - 1) * icc;
  return 2 * normalSf(normalQuantile(1 - alpha / 2) / Math.sqrt(inflation));
}

export const traffic = (icc: number, units: number, days: number): AaTraffic => ({
  units,
  maxCalls: 10,
  days,
  binary: { metric: 'converted', rate: 0.1, icc },
  continuous: { metric: 'rating', mean: 3.5, sd: 1, icc: 0.17, reportShare: 0.8 },
});

const BINARY: MetricSpec = { name: 'converted', type: 'binary', direction: 'increase' };
const MEAN: MetricSpec = { name: 'rating', type: 'continuous', direction: 'increase', aggregate: 'mean' };
const SUM: MetricSpec = { ...MEAN, aggregate: 'sum' };
const BINARY_RATIO: MetricSpec = { ...BINARY, per: 'execution' };
const CONTINUOUS_RATIO: MetricSpec = { name: 'rating', type: 'continuous', direction: 'increase', per: 'execution' };
// As experimentResults asks for them: the binary ratio needs the units' Σ p·e (the per-unit
// analyses of the same aggregates do not read it).
const AGGREGATED: AggregatedMetric[] = [
  { name: 'converted', type: 'binary', per: 'execution' },
  { name: 'rating', type: 'continuous' },
];

/** A running two-arm A/A experiment (1:1) as the results page would analyse it. */
export function aaExperiment(primaryMetric: MetricSpec, method: ExperimentView['method'], minSampleSize: number): ExperimentView {
  const variants = AA_VARIANTS.map((key, i) => ({ key, version: 1, weight: 1, control: i === 0, modelConfig: null }));
  return {
    key: 'aa',
    name: 'A/A',
    hypothesis: 'Nothing changes',
    prompt: 'aa',
    status: 'running',
    variants,
    coverage: 1,
    salt: 'aa',
    primaryMetric,
    guardrailMetrics: [],
    minSampleSize,
    alpha: ALPHA,
    method,
    // Null as before the start: the tuning parameter is then 2 × minSampleSize, what start fixes.
    sequentialTuning: null,
    targeting: null,
    growthbook: growthbookDefinition({ key: 'aa', salt: 'aa', coverage: 1, targeting: null, variants }),
    winner: null,
    createdBy: 'sim-aa',
    createdAt: '2024-06-11T00:00:00.000Z',
    startedAt: '2024-06-11T00:00:00.000Z',
    stoppedAt: null,
  };
}

const significant = (r: ExperimentResults) => r.metrics[0]!.comparisons.some((c) => c.significant);

/** What Verso did before results went per unit: executions as the observations, one two-proportion test. */
function perExecutionAnalysis(aggregates: ExperimentAggregates) {
  const arms = AA_VARIANTS.map((variant) => ({
    n: aggregates.exposures.filter((e) => e.variant === variant).reduce((s, e) => s + e.executions, 0),
    conversions: aggregates.metrics.filter((m) => m.variant === variant && m.metric === BINARY.name).reduce((s, m) => s + m.positives, 0),
  }));
  const test = twoProportionTest(arms[0]!, arms[1]!, { alpha: ALPHA });
  const counts = arms.map((a) => a.n);
  return { significant: test.pValue !== null && test.pValue < ALPHA, srm: isSampleRatioMismatch(counts, srmTest(counts, [1, 1])) };
}

export type Tally = Record<string, number>;
const add = (tally: Tally, key: string, hit: boolean) => (tally[key] = (tally[key] ?? 0) + (hit ? 1 : 0));

/** Experiments analysed once, when the planned sample is in, with every metric kind. */
function fixedHorizon(random: Random, plan: AaPlan, icc: number, runs: number): Tally {
  const model = traffic(icc, plan.units, plan.looks);
  // Planned at 90% of the users expected per arm: reached at the horizon.
  const min = Math.round(0.45 * plan.units);
  const tally: Tally = {};
  for (let run = 0; run < runs; run++) {
    const aggregation = new UnitAggregation(AGGREGATED);
    aaTraffic(random, model, (execution) => aggregation.add(execution));
    const aggregates = aggregation.aggregates();
    const binary = analyse(aaExperiment(BINARY, 'frequentist', min), aggregates);
    add(tally, 'binary', significant(binary));
    add(tally, 'srm', binary.srm.mismatch);
    // What a one-sided test at α would call a win, the frequentist twin of the Bayesian decision.
    const [first] = binary.metrics[0]!.comparisons;
    add(tally, 'oneSided', first!.pValue !== null && first!.pValue < 2 * ALPHA && (first!.diff ?? 0) > 0);
    add(tally, 'mean', significant(analyse(aaExperiment(MEAN, 'frequentist', min), aggregates)));
    add(tally, 'sum', significant(analyse(aaExperiment(SUM, 'frequentist', min), aggregates)));
    add(tally, 'binaryRatio', significant(analyse(aaExperiment(BINARY_RATIO, 'frequentist', min), aggregates)));
    add(tally, 'continuousRatio', significant(analyse(aaExperiment(CONTINUOUS_RATIO, 'frequentist', min), aggregates)));
    add(tally, 'bayesianShip', analyse(aaExperiment(BINARY, 'bayesian', min), aggregates).recommendation.verdict === 'ship');
    const old = perExecutionAnalysis(aggregates);
    add(tally, 'binaryPerExecution', old.significant);
    add(tally, 'srmExecutions', old.srm);
  }
  return tally;
}

/** Experiments looked at every day, sequential and fixed-horizon side by side on the same data. */
function peeking(random: Random, plan: AaPlan, runs: number): Tally {
  const model = traffic(0.17, plan.units, plan.looks);
  // The planned sample is reached on the last day: 95% of the users expected per arm.
  const min = Math.round(0.475 * plan.units);
  const sequential = aaExperiment(BINARY, 'sequential', min);
  const frequentist = aaExperiment(BINARY, 'frequentist', min);
  const tally: Tally = { earlyLooks: 0 };
  for (let run = 0; run < runs; run++) {
    const days = aaTrafficByDay(random, model);
    const aggregation = new UnitAggregation(AGGREGATED);
    let sequentialHit = false;
    let frequentistHit = false;
    let earlyShip = false;
    for (let look = 1; look <= plan.looks; look++) {
      for (const execution of days[look - 1]!) aggregation.add(execution);
      const aggregates = aggregation.aggregates();
      const s = analyse(sequential, aggregates);
      const f = analyse(frequentist, aggregates);
      sequentialHit ||= significant(s);
      frequentistHit ||= significant(f);
      if (!f.sampleSizeReached) {
        tally.earlyLooks!++;
        earlyShip ||= f.recommendation.verdict === 'ship';
      }
      if (look === plan.looks) add(tally, 'srm', s.srm.mismatch);
    }
    add(tally, 'sequential', sequentialHit);
    add(tally, 'frequentist', frequentistHit);
    add(tally, 'earlyShip', earlyShip);
  }
  return tally;
}

// Independent runs need streams that never meet. mulberry32 walks one cycle of 2^32 states,
// adding a constant each draw, so the stream of any seed can be entered at any draw exactly.
// Each chunk of runs reads its own stretch of 2^26 draws (64 stretches make the cycle): no two
// chunks share a draw, and a run gives the same numbers on one thread or several.
const MULBERRY_STEP = 0x6d2b79f5;
const STRETCH = 2 ** 26;
const CHUNK_RUNS = 250;
const FAMILIES = ['low', 'high', 'daily'] as const;
const CHUNKS_PER_FAMILY = Math.floor(2 ** 32 / STRETCH / FAMILIES.length);

/** seededRandom(seed) after `draws` draws. */
export const streamAt = (seed: number, draws: number): Random => seededRandom((seed + Math.imul(draws, MULBERRY_STEP)) >>> 0);

export type Chunk = { family: (typeof FAMILIES)[number]; index: number; runs: number };

export function chunksOf(plan: AaPlan): Chunk[] {
  return FAMILIES.flatMap((family) => {
    const runs = family === 'daily' ? plan.peekingRuns : plan.fixedRuns;
    const count = Math.ceil(runs / CHUNK_RUNS);
    if (count > CHUNKS_PER_FAMILY) throw new Error(`at most ${CHUNKS_PER_FAMILY * CHUNK_RUNS} runs per scenario family`);
    return Array.from({ length: count }, (_, index) => ({ family, index, runs: Math.min(CHUNK_RUNS, runs - index * CHUNK_RUNS) }));
  });
}

/** One chunk's tally; the same on any thread. */
export function runChunk(plan: AaPlan, chunk: Chunk): Tally {
  const stretch = FAMILIES.indexOf(chunk.family) * CHUNKS_PER_FAMILY + chunk.index;
  const stream = streamAt(plan.seed, stretch * STRETCH);
  let draws = 0;
  const random = () => {
    if (++draws > STRETCH) throw new Error('a chunk of runs used up its stretch of the random stream: fewer units per experiment');
    return stream();
  };
  if (chunk.family === 'daily') return peeking(random, plan, chunk.runs);
  return fixedHorizon(random, plan, chunk.family === 'low' ? 0.05 : 0.17, chunk.runs);
}

export type FamilyTallies = Record<Chunk['family'], Tally>;

/** Adds chunk tallies up by family. */
export function sumTallies(results: { chunk: Chunk; tally: Tally }[]): FamilyTallies {
  const out: FamilyTallies = { low: {}, high: {}, daily: {} };
  for (const { chunk, tally } of results) for (const [key, n] of Object.entries(tally)) out[chunk.family][key] = (out[chunk.family][key] ?? 0) + n;
  return out;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** Every scenario on one thread (the script spreads the chunks over workers; the tallies are the same). */
export function simulateAa(plan: AaPlan): Check[] {
  return checksOf(plan, sumTallies(chunksOf(plan).map((chunk) => ({ chunk, tally: runChunk(plan, chunk) }))));
}

/** The scenarios, their rates and their targets. */
export function checksOf(plan: AaPlan, { low, high, daily }: FamilyTallies): Check[] {
  const n = plan.fixedRuns;
  const both = (key: string) => (low[key] ?? 0) + (high[key] ?? 0);
  const fp: Target = { min: 0.04, max: 0.06 };
  const inflated: Target = { min: 0.06, max: 1 };
  const theory = (icc: number) => `theory ${pct(perExecutionFalsePositives(icc, 10))}`;
  return [
    { label: 'binary per unit, ρ = 0.05', hits: low.binary ?? 0, runs: n, target: fp },
    { label: '  old: per execution, ρ = 0.05', hits: low.binaryPerExecution ?? 0, runs: n, target: inflated, note: theory(0.05) },
    { label: 'binary per unit, ρ = 0.17', hits: high.binary ?? 0, runs: n, target: fp },
    { label: '  old: per execution, ρ = 0.17', hits: high.binaryPerExecution ?? 0, runs: n, target: inflated, note: theory(0.17) },
    { label: 'continuous per unit, mean', hits: both('mean'), runs: 2 * n, target: fp },
    { label: 'continuous per unit, sum', hits: both('sum'), runs: 2 * n, target: fp },
    { label: 'ratio per execution, binary', hits: both('binaryRatio'), runs: 2 * n, target: fp },
    { label: 'ratio per execution, continuous', hits: both('continuousRatio'), runs: 2 * n, target: fp },
    { label: 'SRM flag on units (p < 0.001)', hits: both('srm') + (daily.srm ?? 0), runs: 2 * n + plan.peekingRuns, target: { min: 0, max: 0.002 } },
    { label: '  old: SRM on executions', hits: both('srmExecutions'), runs: 2 * n, target: { min: 0.002, max: 1 } },
    { label: `sequential, ${plan.looks} daily looks`, hits: daily.sequential ?? 0, runs: plan.peekingRuns, target: { min: 0, max: 0.05 } },
    { label: `  fixed horizon, ${plan.looks} daily looks`, hits: daily.frequentist ?? 0, runs: plan.peekingRuns, target: inflated },
    {
      label: "  fixed horizon: 'ship' before planned n",
      hits: daily.earlyShip ?? 0,
      runs: plan.peekingRuns,
      target: { min: 0, max: 0 },
      note: `${((daily.earlyLooks ?? 0) / plan.peekingRuns).toFixed(1)} of ${plan.looks} looks per run before it`,
    },
    {
      label: "Bayesian 'ship' at the horizon",
      hits: both('bayesianShip'),
      runs: 2 * n,
      // One-sided at chance > 1 − α: nominally α itself, like the fixed-horizon rows, so the same
      // Monte-Carlo allowance above it (at ≤ 5% a run at exactly α would fail half the seeds).
      target: { min: 0, max: 0.06 },
      note: `nominal α = 5%; one-sided p < α on the same runs: ${pct(both('oneSided') / (2 * n))}`,
    },
  ];
}

const targetText = ({ min, max }: Target) =>
  min === max ? `= ${pct(min)}` : min === 0 ? `≤ ${pct(max)}` : max === 1 ? `≥ ${pct(min)}` : `[${pct(min)}, ${pct(max)}]`;

/** The table the script prints. */
export function formatChecks(checks: Check[], judge: (c: Check) => boolean = passes): string {
  const rows = checks.map((c) => {
    const [lo, hi] = wilson(c.hits, c.runs);
    return [c.label, String(c.hits), String(c.runs), pct(rate(c)), `[${pct(lo)}, ${pct(hi)}]`, targetText(c.target), judge(c) ? 'PASS' : 'FAIL', c.note ?? ''];
  });
  const header = ['scenario', 'hits', 'runs', 'rate', '95% CI', 'target', '', 'note'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 || i === 7 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
