// Normal, Student t and chi-square distributions with tails accurate in relative terms
// (p-values of 1e-20 come out as 1e-20, not 0). Quantiles start from jstat and are polished
// by Newton steps on the log of the tail, which converge in the far tails too.
import jstat from 'jstat';
import { LN_SQRT_2PI, erfc, incompleteBeta, incompleteGamma, logBeta } from './special-functions';

// ---- normal -------------------------------------------------------------------------------

export function normalPdf(z: number): number {
  return Math.exp(-0.5 * z * z - LN_SQRT_2PI);
}

/** P(Z > z). */
export function normalSf(z: number): number {
  return 0.5 * erfc(z * Math.SQRT1_2);
}

/** P(Z ≤ z). */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z * Math.SQRT1_2);
}

/** Two-sided p-value of a z statistic: P(|Z| ≥ |z|). */
export function normalTwoSided(z: number): number {
  return Math.min(1, 2 * normalSf(Math.abs(z)));
}

/**
 * Newton on g(x) = ln sf(x) − ln q, whose derivative is −pdf/sf: quadratic convergence in the
 * body and in the tails alike, where Newton on sf itself crawls.
 */
function polishUpperQuantile(x0: number, q: number, sf: (x: number) => number, pdf: (x: number) => number): number {
  let x = x0;
  const logQ = Math.log(q);
  for (let i = 0; i < 60; i++) {
    const s = sf(x);
    const f = pdf(x);
    if (!(s > 0) || !(f > 0)) break;
    const step = ((Math.log(s) - logQ) * s) / f;
    x += step;
    if (Math.abs(step) <= 1e-15 * Math.max(1, Math.abs(x))) break;
  }
  return x;
}

/** The z with P(Z > z) = q, for 0 < q < 1. */
export function normalUpperQuantile(q: number): number {
  if (!(q > 0 && q < 1)) return q <= 0 ? Infinity : -Infinity;
  if (q > 0.5) return -normalUpperQuantile(1 - q);
  let start = -jstat.normal.inv(q, 0, 1);
  if (!Number.isFinite(start)) start = Math.sqrt(-2 * Math.log(q));
  return polishUpperQuantile(start, q, normalSf, normalPdf);
}

/** The z with P(Z ≤ z) = p (scipy's norm.ppf). */
export function normalQuantile(p: number): number {
  return -normalUpperQuantile(p);
}

// ---- Student t ----------------------------------------------------------------------------

export function studentTPdf(t: number, df: number): number {
  if (df === Infinity) return normalPdf(t);
  return Math.exp(-0.5 * Math.log(df) - logBeta(df / 2, 0.5) - ((df + 1) / 2) * Math.log1p((t * t) / df));
}

/** P(T > t) with ν = df, through I_x(ν/2, ½) at x = ν/(ν + t²). */
export function studentTSf(t: number, df: number): number {
  if (df === Infinity) return normalSf(t);
  if (t === 0) return 0.5;
  const t2 = t * t;
  const { lower } = incompleteBeta(df / (df + t2), t2 / (df + t2), df / 2, 0.5);
  const tail = 0.5 * lower; // P(T > |t|)
  return t > 0 ? tail : 1 - tail;
}

export function studentTCdf(t: number, df: number): number {
  return studentTSf(-t, df);
}

/** Two-sided p-value of a t statistic: P(|T| ≥ |t|). */
export function studentTTwoSided(t: number, df: number): number {
  return Math.min(1, 2 * studentTSf(Math.abs(t), df));
}

/** The t with P(T > t) = q, for 0 < q < 1. */
export function studentTUpperQuantile(q: number, df: number): number {
  if (df === Infinity) return normalUpperQuantile(q);
  if (!(q > 0 && q < 1)) return q <= 0 ? Infinity : -Infinity;
  if (q > 0.5) return -studentTUpperQuantile(1 - q, df);
  let start = -jstat.studentt.inv(q, df);
  if (!Number.isFinite(start) || start < 0 || df > 1e5) {
    // Cornish–Fisher expansion around the normal quantile (Abramowitz & Stegun 26.7.5).
    const z = normalUpperQuantile(q);
    const z2 = z * z;
    start = z + (z * (z2 + 1)) / (4 * df) + (z * (5 * z2 * z2 + 16 * z2 + 3)) / (96 * df * df);
  }
  return polishUpperQuantile(
    start,
    q,
    (t) => studentTSf(t, df),
    (t) => studentTPdf(t, df),
  );
}

/** The t with P(T ≤ t) = p (scipy's t.ppf). */
export function studentTQuantile(p: number, df: number): number {
  return -studentTUpperQuantile(p, df);
}

// ---- chi-square ---------------------------------------------------------------------------

/** P(X > x) for X ~ χ²(k): the regularized upper incomplete gamma Q(k/2, x/2). */
export function chiSquareSf(x: number, k: number): number {
  if (x <= 0) return 1;
  return incompleteGamma(k / 2, x / 2).upper;
}

export function chiSquareCdf(x: number, k: number): number {
  if (x <= 0) return 0;
  return incompleteGamma(k / 2, x / 2).lower;
}
