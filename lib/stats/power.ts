// Sample size per variant for a two-sided test between two equal-sized variants, by the
// normal approximation every A/B calculator uses. Rounded up to whole units.
import { normalQuantile, normalUpperQuantile } from './distributions';
import { DEFAULT_ALPHA, alphaProblem } from './summaries';

export const DEFAULT_POWER = 0.8;

export type SampleSize = {
  /** units needed in each variant (control included); null when the inputs make no sense */
  perVariant: number | null;
  reason: string | null;
};

const undefinedSize = (reason: string): SampleSize => ({ perVariant: null, reason });

// n comes out of floating point arithmetic: 3841.0000000000005 must not become 3842.
const roundUp = (n: number) => Math.ceil(n * (1 - 1e-12));

function powerProblem(alpha: number, power: number): string | null {
  return alphaProblem(alpha) ?? (Number.isFinite(power) && power > 0 && power < 1 ? null : 'power must be between 0 and 1');
}

/**
 * Binary metric. `mde` is RELATIVE to the baseline rate: baseline 0.10 with mde 0.2 means
 * detecting 10% → 12%. Pooled variance under the null, unpooled under the alternative
 * (matching twoProportionTest's p-value):
 * n = (z_{1−α/2}·√(2p̄(1−p̄)) + z_{power}·√(p₁(1−p₁) + p₂(1−p₂)))² / (p₂ − p₁)², p̄ = (p₁ + p₂)/2.
 */
export function sampleSizeProportions({
  baseline,
  mde,
  alpha = DEFAULT_ALPHA,
  power = DEFAULT_POWER,
}: {
  baseline: number;
  mde: number;
  alpha?: number;
  power?: number;
}): SampleSize {
  const problem = powerProblem(alpha, power);
  if (problem) return undefinedSize(problem);
  if (!(Number.isFinite(baseline) && baseline > 0 && baseline < 1))
    return undefinedSize('the baseline rate must be between 0 and 1 (exclusive)');
  if (!Number.isFinite(mde) || mde === 0) return undefinedSize('the minimum detectable effect must be a non-zero number');
  const p1 = baseline;
  const p2 = baseline * (1 + mde);
  if (!(p2 > 0 && p2 < 1)) return undefinedSize('baseline × (1 + mde) must stay strictly between 0% and 100%');
  const zAlpha = normalUpperQuantile(alpha / 2);
  const zPower = normalQuantile(power);
  const pBar = (p1 + p2) / 2;
  const numerator = zAlpha * Math.sqrt(2 * pBar * (1 - pBar)) + zPower * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  const n = (numerator * numerator) / ((p2 - p1) * (p2 - p1));
  if (!Number.isFinite(n)) return undefinedSize('the effect is too small to detect');
  return { perVariant: Math.max(1, roundUp(n)), reason: null };
}

/**
 * Continuous metric. `mde` is ABSOLUTE, in the metric's units; `sd` is the standard deviation
 * of the metric per unit (assumed equal in both variants):
 * n = 2 (z_{1−α/2} + z_{power})² · sd² / mde².
 */
export function sampleSizeMeans({
  sd,
  mde,
  alpha = DEFAULT_ALPHA,
  power = DEFAULT_POWER,
}: {
  sd: number;
  mde: number;
  alpha?: number;
  power?: number;
}): SampleSize {
  const problem = powerProblem(alpha, power);
  if (problem) return undefinedSize(problem);
  if (!(Number.isFinite(sd) && sd > 0)) return undefinedSize('the standard deviation must be positive');
  if (!Number.isFinite(mde) || mde === 0) return undefinedSize('the minimum detectable effect must be a non-zero number');
  const z = normalUpperQuantile(alpha / 2) + normalQuantile(power);
  const n = (2 * z * z * sd * sd) / (mde * mde);
  if (!Number.isFinite(n)) return undefinedSize('the effect is too small to detect');
  return { perVariant: Math.max(2, roundUp(n)), reason: null };
}
