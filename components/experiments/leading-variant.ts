import type { ExperimentResults } from '@/lib/experiments/results';
import { estimateOf } from './figures';

export type Leader = {
  variant: string;
  /** the primary metric's rate, mean or ratio for that variant */
  estimate: number | null;
  metricType: 'binary' | 'continuous';
  /** relative effect against the control, when the leader is a treatment */
  relativeDiff: number | null;
  significant: boolean;
  declared: boolean;
};

/**
 * The variant ahead on the primary metric: the declared winner when there is one, else the
 * best estimate in the metric's direction. Only a hint for the list: the results page says
 * whether the lead means anything.
 */
export function leadingVariant(results: ExperimentResults): Leader | null {
  const primary = results.metrics.find((m) => m.role === 'primary');
  if (!primary) return null;
  const { winner } = results.experiment;
  const sign = primary.metric.direction === 'decrease' ? -1 : 1;
  const candidates = results.variants
    .map((v) => ({ key: v.key, estimate: estimateOf(primary.summaries[v.key]) }))
    .filter((c): c is { key: string; estimate: number } => c.estimate !== null);
  // A tie (often: nothing reported yet) has no leader.
  if (!winner && new Set(candidates.map((c) => c.estimate)).size < 2) return null;
  const best = winner
    ? { key: winner, estimate: estimateOf(primary.summaries[winner]) }
    : candidates.sort((a, b) => sign * (b.estimate - a.estimate))[0];
  if (!best) return null;
  const comparison = primary.comparisons.find((c) => c.variant === best.key);
  return {
    variant: best.key,
    estimate: best.estimate,
    metricType: primary.metric.type,
    relativeDiff: comparison?.relativeDiff ?? null,
    // A fixed-horizon test before its planned sample is not final: no "significant" in the list yet.
    significant: (comparison?.better ?? false) && (results.analysis.method !== 'frequentist' || results.sampleSizeReached),
    declared: winner !== null,
  };
}
