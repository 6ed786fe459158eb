// Sufficient statistics per variant, as aggregated in SQL, and the checks every test runs
// on them before computing anything.

/** A continuous metric in one variant: units, mean and sample variance (divisor n − 1). */
export type MeanSummary = { n: number; mean: number; variance: number };

/** A binary metric in one variant: units and how many converted. */
export type ConversionSummary = { n: number; conversions: number };

/** A confidence (or credible) interval [lower, upper]. */
export type Interval = [number, number];

export const DEFAULT_ALPHA = 0.05;

/**
 * Mean and sample variance from SQL's n, Σx and Σx². The one-pass formula cancels when the
 * mean is large against the spread; rounding below zero is clamped, never returned.
 */
export function meanSummaryFromSums({ n, sum, sumSquares }: { n: number; sum: number; sumSquares: number }): MeanSummary {
  if (!(n > 0)) return { n, mean: 0, variance: 0 };
  const mean = sum / n;
  const variance = n > 1 ? Math.max(0, (sumSquares - sum * mean) / (n - 1)) : 0;
  return { n, mean, variance };
}

export function alphaProblem(alpha: number): string | null {
  return Number.isFinite(alpha) && alpha > 0 && alpha < 1 ? null : 'alpha must be between 0 and 1';
}

/** Why a continuous summary cannot be tested (null when it can). */
export function meanSummaryProblem({ n, mean, variance }: MeanSummary, arm: string): string | null {
  if (![n, mean, variance].every(Number.isFinite)) return `${arm}: n, mean and variance must be finite numbers`;
  if (variance < 0) return `${arm}: variance cannot be negative`;
  if (n < 2) return `${arm} has ${n < 1 ? 'no units' : 'a single unit'}: a variance needs at least 2`;
  return null;
}

/** Why a binary summary cannot be tested (null when it can). */
export function conversionSummaryProblem({ n, conversions }: ConversionSummary, arm: string): string | null {
  if (!Number.isFinite(n) || !Number.isFinite(conversions)) return `${arm}: n and conversions must be finite numbers`;
  if (conversions < 0 || conversions > n) return `${arm}: conversions must be between 0 and n`;
  if (n < 1) return `${arm} has no units yet`;
  return null;
}

/** The number itself when finite, else null: results never carry NaN or Infinity. */
export function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

export function intervalOrNull(lo: number, hi: number): Interval | null {
  return Number.isFinite(lo) && Number.isFinite(hi) ? [lo, hi] : null;
}
