// Sample-ratio mismatch: Pearson's chi-square of the observed units per variant against the
// split the weights promise (scipy's chisquare). A mismatch means assignment or logging is
// broken and the comparison cannot be trusted, whatever its p-value.
import { chiSquareSf } from './distributions';
import { finiteOrNull } from './summaries';

/** GrowthBook's defaults: flag at p < 0.001, and only once every variant has 8 units. */
export const SRM_P_VALUE_THRESHOLD = 0.001;
export const SRM_MIN_UNITS_PER_VARIANT = 8;

export type SrmTestResult = {
  chiSquare: number | null;
  df: number | null;
  pValue: number | null;
  /** why some field is null; null when every field is defined */
  reason: string | null;
};

export function srmTest(observedCounts: readonly number[], weights: readonly number[]): SrmTestResult {
  const undefinedResult = (reason: string, pValue: number | null = null): SrmTestResult => ({
    chiSquare: null,
    df: null,
    pValue,
    reason,
  });
  if (observedCounts.length !== weights.length) return undefinedResult('one weight is needed per observed count');
  if (observedCounts.length < 2) return undefinedResult('a split needs at least 2 variants');
  if (!observedCounts.every((o) => Number.isFinite(o) && o >= 0))
    return undefinedResult('observed counts must be finite and non-negative');
  if (!weights.every((w) => Number.isFinite(w) && w >= 0))
    return undefinedResult('weights must be finite and non-negative');
  const totalWeight = weights.reduce((s, w) => s + w, 0);
  if (!(totalWeight > 0)) return undefinedResult('the weights sum to 0');
  const total = observedCounts.reduce((s, o) => s + o, 0);
  if (total === 0) return undefinedResult('no units yet');

  let chiSquare = 0;
  let arms = 0;
  for (let i = 0; i < weights.length; i++) {
    if (weights[i] === 0) {
      // A variant that should get nobody but got someone is a certain mismatch.
      if (observedCounts[i] > 0) return undefinedResult('units were assigned to a variant of weight 0', 0);
      continue;
    }
    const expected = (total * weights[i]) / totalWeight;
    chiSquare += (observedCounts[i] - expected) ** 2 / expected;
    arms++;
  }
  if (arms < 2) return undefinedResult('a split needs at least 2 variants of positive weight');
  const df = arms - 1;
  const pValue = finiteOrNull(chiSquareSf(chiSquare, df));
  if (pValue === null) return undefinedResult('the numbers overflow double precision');
  return { chiSquare, df, pValue, reason: null };
}

/** Whether to raise the SRM warning: enough units everywhere, and p below the threshold. */
export function isSampleRatioMismatch(observedCounts: readonly number[], result: SrmTestResult): boolean {
  if (result.pValue === null) return false;
  const enough = observedCounts.every((o) => o >= SRM_MIN_UNITS_PER_VARIANT);
  return enough && result.pValue < SRM_P_VALUE_THRESHOLD;
}
