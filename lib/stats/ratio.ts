// Ratio metrics by the delta method (GrowthBook's ratio metrics; Deng et al. 2018, "Applying
// the delta method in metric analytics"). The unit is randomised, the metric is per execution:
// each unit contributes a numerator X (conversions, or the sum of its values) and a denominator
// Y (its executions, or its reporting executions). R = ΣX / ΣY is not a mean of independent
// values, so its variance comes from the units' (X, Y):
//   Var(R̂) ≈ (σ²X − 2R·σXY + R²·σ²Y) / (n·Ȳ²)
// with sample (n − 1) moments. Expressed as a mean summary (mean R, per-unit variance n·Var(R̂)),
// every test on means (Welch, sequential, Bayesian) takes it unchanged.
import type { MeanSummary } from './summaries';

/** Sums over units of X, Y, X², Y² and X·Y. */
export type RatioSums = { n: number; sumX: number; sumY: number; sumXX: number; sumYY: number; sumXY: number };

export type RatioSummary = MeanSummary & { reason: string | null };

export function ratioSummary({ n, sumX, sumY, sumXX, sumYY, sumXY }: RatioSums): RatioSummary {
  if (!(n >= 2)) return { n, mean: NaN, variance: NaN, reason: 'a ratio needs at least 2 units' };
  if (!(sumY > 0)) return { n, mean: NaN, variance: NaN, reason: 'the denominator is 0: no executions to divide by' };
  const meanX = sumX / n;
  const meanY = sumY / n;
  const r = sumX / sumY;
  // Sample (co)variances from the sums; shifting by the means first would need a second pass.
  const varX = Math.max(0, (sumXX - n * meanX * meanX) / (n - 1));
  const varY = Math.max(0, (sumYY - n * meanY * meanY) / (n - 1));
  const covXY = (sumXY - n * meanX * meanY) / (n - 1);
  const perUnit = Math.max(0, (varX - 2 * r * covXY + r * r * varY) / (meanY * meanY));
  if (!Number.isFinite(r) || !Number.isFinite(perUnit)) return { n, mean: NaN, variance: NaN, reason: 'the numbers overflow double precision' };
  return { n, mean: r, variance: perUnit, reason: null };
}
