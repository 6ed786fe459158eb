// Exact comparison of two Beta distributions, for Bayesian conversion rates.
//
// P(Y > X) for X ~ Beta(aX, bX), Y ~ Beta(aY, bY), aY a positive integer, is Evan Miller's
// closed form (https://www.evanmiller.org/bayesian-ab-testing.html):
//   Σ_{i=0}^{aY−1} B(aX+i, bX+bY) / ((bY+i) · B(1+i, bY) · B(aX, bX)).
// A normal approximation is not good enough: the posteriors are skewed, and at 2·10^6 trials
// with a 2% rate it is off by 2.6e-5, far above 1e-6 (see the tests). Summing all aY terms costs O(n) and underflows
// at the start, so the sum is evaluated outward from its largest term: consecutive terms have
// the ratio r_i = (aX+i)(bY+i) / ((aX+bX+bY+i)(1+i)), and r_i > 1 exactly while
// i < i* = (aX·bY − aX − bX − bY)/(bX + 1), so the terms rise to one peak and fall. Only the
// ~20 standard deviations around the peak matter, which is O(√n) terms when both arms have
// data (a few milliseconds at 10^7 trials per arm).
import { logBeta } from './special-functions';

export type BetaParams = { a: number; b: number };

export function betaMean({ a, b }: BetaParams): number {
  return a / (a + b);
}

/** P(Y > X) by the closed form, summing over i < aY around the largest term. */
function sumOverSuccessesOfY(x: BetaParams, y: BetaParams): number {
  const { a: aX, b: bX } = x;
  const { a: aY, b: bY } = y;
  const logNormalizer = logBeta(aX, bX);
  const logTermAt = (i: number) => logBeta(aX + i, bX + bY) - Math.log(bY + i) - logBeta(1 + i, bY) - logNormalizer;
  const ratio = (i: number) => ((aX + i) * (bY + i)) / ((aX + bX + bY + i) * (1 + i));

  const last = aY - 1;
  const iStar = (aX * bY - aX - bX - bY) / (bX + 1);
  const peakIndex = Math.min(last, Math.max(0, Math.ceil(iStar)));
  const peak = Math.exp(logTermAt(peakIndex));
  if (peak === 0) return 0; // every term is below the smallest double
  const negligible = 1e-20;
  let sum = peak;
  let term = peak;
  for (let i = peakIndex; i < last; i++) {
    term *= ratio(i);
    sum += term;
    if (term < sum * negligible) break;
  }
  term = peak;
  for (let i = peakIndex - 1; i >= 0; i--) {
    term /= ratio(i);
    sum += term;
    if (term < sum * negligible) break;
  }
  return Math.min(1, sum);
}

const mirrored = ({ a, b }: BetaParams): BetaParams => ({ a: b, b: a }); // 1 − Z ~ Beta(b, a)

/**
 * P(Y > X) for integer parameters: ~1e-13 at small counts, ~1e-9 relative at 10^7 trials
 * (the rounding of ln B at such arguments). The sum runs over at most aY terms; when X is
 * diffuse against Y the terms spread over all of them, so the equivalent form with the
 * smallest bound is used: P(Y > X) = P(1−X > 1−Y) sums over bX, and the
 * complements 1 − P(X > Y) and 1 − P(1−Y > 1−X) over aX and bY.
 */
export function probabilityBetaExceeds(x: BetaParams, y: BetaParams): number {
  const smallest = Math.min(x.a, x.b, y.a, y.b);
  if (y.a === smallest) return sumOverSuccessesOfY(x, y);
  if (x.b === smallest) return sumOverSuccessesOfY(mirrored(y), mirrored(x));
  if (x.a === smallest) return Math.max(0, 1 - sumOverSuccessesOfY(y, x));
  return Math.max(0, 1 - sumOverSuccessesOfY(mirrored(x), mirrored(y)));
}

/**
 * Expected loss of choosing Y over X, E[max(X − Y, 0)]
 * = E[X]·P(X⁺ > Y) − E[Y]·P(X > Y⁺), where Z⁺ ~ Beta(a + 1, b) is Z size-biased.
 * A difference of two probabilities: absolute accuracy ~1e-12, ~1e-10 at 10^7 trials.
 */
export function expectedLossOfChoosing(y: BetaParams, x: BetaParams): number {
  const xPlus = { a: x.a + 1, b: x.b };
  const yPlus = { a: y.a + 1, b: y.b };
  const loss = betaMean(x) * probabilityBetaExceeds(y, xPlus) - betaMean(y) * probabilityBetaExceeds(yPlus, x);
  return Math.max(0, loss);
}
