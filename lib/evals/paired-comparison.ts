// The numbers of a run comparison, from the two runs' per-item results: pure, no I/O. Items are
// paired by dataset position, so each item is its own control: the differences carry the
// prompt's effect without the spread between easy and hard items.
import { bootstrapMeanCi, DEFAULT_BOOTSTRAP_RESAMPLES } from '@/lib/stats/bootstrap';
import { mcnemarTest } from '@/lib/stats/mcnemar';
import { holm } from '@/lib/stats/multiple-testing';
import { pairedTTest } from '@/lib/stats/paired';
import { wilcoxonSignedRank } from '@/lib/stats/wilcoxon';
import { COMPOSITE, type EvaluatorSpec, type RunComparison } from './schemas';
import type { ComparedResultRow } from '@/db/queries/eval-comparison';

export type ComparedEvaluator = { name: string; kind: 'binary' | 'score' };

/** One item's result as the comparison needs it (scores by evaluator name, cost as a number). */
export type ItemResult = ComparedResultRow;

export type ResultPair = { baseline: ItemResult; candidate: ItemResult };

export type EvaluatorComparison = RunComparison['evaluators'][number];

/** An evaluator's kind: pass/fail ones are compared with McNemar, scaled ones with Wilcoxon. */
export type KindOf = (spec: EvaluatorSpec) => 'binary' | 'score';

/**
 * Evaluators both runs have, by name (in the baseline's order), then the composite when both
 * runs have one. A name whose kind differs between the runs is compared as a score: the
 * signed-rank test is valid for 0/1 values too.
 */
export function sharedEvaluators(
  baseline: readonly EvaluatorSpec[],
  candidate: readonly EvaluatorSpec[],
  { withComposite, kindOf }: { withComposite: boolean; kindOf: KindOf },
): ComparedEvaluator[] {
  const other = new Map(candidate.map((s) => [s.name, s]));
  const shared: ComparedEvaluator[] = [];
  for (const spec of baseline) {
    const match = other.get(spec.name);
    if (!match) continue;
    const kind = kindOf(spec);
    shared.push({ name: spec.name, kind: kind === kindOf(match) ? kind : 'score' });
  }
  if (withComposite) shared.push({ name: COMPOSITE, kind: 'score' });
  return shared;
}

/** Items both runs answered successfully, by position; the rest of either run's items are excluded. */
export function pairResults(baseline: readonly ItemResult[], candidate: readonly ItemResult[]): { pairs: ResultPair[]; excludedItems: number } {
  const byPosition = new Map(candidate.map((r) => [r.position, r]));
  const positions = new Set([...baseline.map((r) => r.position), ...candidate.map((r) => r.position)]);
  const pairs: ResultPair[] = [];
  for (const b of baseline) {
    const c = byPosition.get(b.position);
    if (c && b.status === 'success' && c.status === 'success') pairs.push({ baseline: b, candidate: c });
  }
  pairs.sort((x, y) => x.baseline.position - y.baseline.position);
  return { pairs, excludedItems: positions.size - pairs.length };
}

const mean = (values: readonly number[]) => values.reduce((s, x) => s + x, 0) / values.length;
const isNumber = (x: number | null | undefined): x is number => typeof x === 'number' && Number.isFinite(x);

/**
 * Fewer resamples for long continuous samples, where each resample costs n draws: at most
 * 2·10⁷ draws a bootstrap (~60 ms), never fewer than 2,000 resamples (Monte Carlo error of the
 * 2.5% quantile about 3% of the interval's half-width). Discrete samples are cheap at any n.
 */
export function resamplesFor(n: number): number {
  return Math.max(2_000, Math.min(DEFAULT_BOOTSTRAP_RESAMPLES, Math.floor(2e7 / Math.max(1, n))));
}

/** fnv-1a of a string: stable seeds from run ids and names, so a page is the same on reload. */
export function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

const scoreOf = (item: ItemResult, name: string) => (name === COMPOSITE ? item.composite : item.scores[name]);

/** One evaluator, before the page-wide Holm adjustment (adjustedPValue and verdict come later). */
export function compareEvaluator(
  pairs: readonly ResultPair[],
  evaluator: ComparedEvaluator,
  { alpha, seed, resamples }: { alpha: number; seed: number; resamples?: number },
): EvaluatorComparison {
  const control: number[] = [];
  const treatment: number[] = [];
  for (const { baseline, candidate } of pairs) {
    const b = scoreOf(baseline, evaluator.name);
    const c = scoreOf(candidate, evaluator.name);
    if (isNumber(b) && isNumber(c)) {
      control.push(b);
      treatment.push(c);
    }
  }
  const n = control.length;
  const base = { evaluator: evaluator.name, kind: evaluator.kind, n, adjustedPValue: null, verdict: 'not enough data' as const };
  if (n === 0)
    return { ...base, baselineMean: null, candidateMean: null, meanDifference: null, bootstrapCi: null, pairedT: null, wilcoxon: null, mcnemar: null, pValue: null };

  const differences = control.map((b, i) => treatment[i] - b);
  const stats = {
    baselineMean: mean(control),
    candidateMean: mean(treatment),
    meanDifference: mean(differences),
    bootstrapCi: bootstrapMeanCi(differences, { seed, resamples: resamples ?? resamplesFor(n), level: 1 - alpha }),
  };
  if (evaluator.kind === 'binary') {
    const improved = differences.filter((d) => d > 0).length;
    const worsened = differences.filter((d) => d < 0).length;
    const test = mcnemarTest({ b: worsened, c: improved, n }, { alpha });
    // No discordant pair: nothing changed, which is no evidence of a difference (p = 1).
    const pValue = test.pValue ?? 1;
    return { ...base, ...stats, pairedT: null, wilcoxon: null, mcnemar: { improved, worsened, pValue, method: test.method }, pValue };
  }
  const t = pairedTTest({ control, treatment }, { alpha });
  const w = wilcoxonSignedRank({ control, treatment });
  // Every difference zero: nothing to rank, no evidence of a difference (W = 0, p = 1).
  const wilcoxon = w.pValue === null ? { statistic: 0, pValue: 1, method: 'exact' as const } : { statistic: w.statistic!, pValue: w.pValue, method: w.method! };
  return {
    ...base,
    ...stats,
    pairedT: t.pValue === null ? null : { t: t.t!, df: t.df!, pValue: t.pValue },
    wilcoxon,
    mcnemar: null,
    pValue: wilcoxon.pValue,
  };
}

export type PairComparisonInput = {
  baselineRunId: string;
  candidateRunId: string;
  baseline: readonly ItemResult[];
  candidate: readonly ItemResult[];
  evaluators: readonly ComparedEvaluator[];
  /** Production executions of the baseline's prompt over the last 30 days. */
  monthlyVolume: number;
  alpha: number;
  /** Bootstrap resamples; by default `resamplesFor(n)` (simulations that need no interval ask for fewer). */
  resamples?: number;
};

/** Baseline against one candidate; p-values still unadjusted (see `adjustAcrossPage`). */
export function compareRunPair(input: PairComparisonInput): RunComparison {
  const { pairs, excludedItems } = pairResults(input.baseline, input.candidate);
  const seedBase = `${input.baselineRunId}:${input.candidateRunId}:`;
  const evaluators = input.evaluators.map((e) => compareEvaluator(pairs, e, { alpha: input.alpha, seed: seedOf(seedBase + e.name), resamples: input.resamples }));

  const latencyPairs = pairs.filter((p) => isNumber(p.baseline.latencyMs) && isNumber(p.candidate.latencyMs));
  const latency = pairedTTest(
    { control: latencyPairs.map((p) => p.baseline.latencyMs!), treatment: latencyPairs.map((p) => p.candidate.latencyMs!) },
    { alpha: input.alpha },
  );

  const costPairs = pairs.filter((p) => isNumber(p.baseline.costUsd) && isNumber(p.candidate.costUsd));
  const costControl = costPairs.map((p) => p.baseline.costUsd!);
  const costTreatment = costPairs.map((p) => p.candidate.costUsd!);
  const costDifferences = costControl.map((b, i) => costTreatment[i] - b);
  const costT = pairedTTest({ control: costControl, treatment: costTreatment }, { alpha: input.alpha });
  const costMean = costDifferences.length ? mean(costDifferences) : null;
  const costCi = bootstrapMeanCi(costDifferences, { seed: seedOf(`${seedBase}cost`), resamples: input.resamples ?? resamplesFor(costDifferences.length), level: 1 - input.alpha });
  const volume = input.monthlyVolume;

  return {
    baselineRunId: input.baselineRunId,
    candidateRunId: input.candidateRunId,
    evaluators,
    latency: { n: latencyPairs.length, meanDifferenceMs: latency.meanDiff, ci: latency.ci, pValue: latency.pValue },
    cost: {
      n: costPairs.length,
      meanDifferenceUsd: costMean,
      ci: costCi,
      pValue: costT.pValue,
      monthlyVolume: volume,
      projectedMonthlyDifferenceUsd: costMean === null ? null : costMean * volume,
      projectedMonthlyCi: costCi === null ? null : [costCi[0] * volume, costCi[1] * volume],
    },
    excludedItems,
  };
}

/**
 * Holm across every evaluator test on the page (evaluators × candidates), so that a page of
 * twenty comparisons does not show one "significant" change by chance; then the verdicts.
 * Higher is better for every evaluator.
 */
export function adjustAcrossPage(comparisons: readonly RunComparison[], alpha: number): RunComparison[] {
  const adjusted = holm(comparisons.flatMap((c) => c.evaluators.map((e) => e.pValue)));
  let i = 0;
  return comparisons.map((c) => ({
    ...c,
    evaluators: c.evaluators.map((e) => {
      const adjustedPValue = adjusted[i++];
      return { ...e, adjustedPValue, verdict: verdictOf(e, adjustedPValue, alpha) };
    }),
  }));
}

function verdictOf(e: EvaluatorComparison, adjustedPValue: number | null, alpha: number): EvaluatorComparison['verdict'] {
  if (e.n === 0 || adjustedPValue === null || e.meanDifference === null) return 'not enough data';
  if (adjustedPValue < alpha) return e.meanDifference > 0 ? 'better' : 'worse';
  return 'no difference';
}
