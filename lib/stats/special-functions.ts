// Special functions behind the distribution tails. jstat is fine in the body of a
// distribution but loses the tails (DESIGN.md, "Statistics"), so the tails are computed
// here directly: log-gamma/log-beta without cancellation, the regularized incomplete beta
// by its continued fraction (Numerical Recipes §6.4, modified Lentz), the regularized
// incomplete gamma by series or continued fraction (§6.2), and erfc by W. J. Cody's
// rational approximations (Math. Comp. 1969; netlib specfun CALERF).

export const LN_SQRT_2PI = 0.9189385332046728; // ln √(2π)
const EPSILON = 1e-16;
const FPMIN = 1e-300;

// Lanczos (g = 7, n = 9): |relative error| < 1e-15 for x ≥ 0.5.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** Stirling-series remainder lnΓ(x) − [(x − ½)ln x − x + ln√(2π)], for x ≥ 10 (error < 1e-16). */
export function stirlingCorrection(x: number): number {
  const r = 1 / (x * x);
  return (
    (1 / x) *
    (1 / 12 - r * (1 / 360 - r * (1 / 1260 - r * (1 / 1680 - r * (1 / 1188 - r * (691 / 360360 - r / 156))))))
  );
}

/** ln Γ(x) for x > 0. */
export function logGamma(x: number): number {
  if (x >= 10) return (x - 0.5) * Math.log(x) - x + LN_SQRT_2PI + stirlingCorrection(x);
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i] / (z + i);
  const t = z + 7.5;
  return LN_SQRT_2PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/**
 * ln B(a, b) without the cancellation of lnΓ(a) + lnΓ(b) − lnΓ(a + b) when an argument is
 * large (df in the millions): the Stirling parts are combined analytically, as R's lbeta does.
 */
export function logBeta(a: number, b: number): number {
  const p = Math.min(a, b);
  const q = Math.max(a, b);
  if (p >= 10) {
    const corr = stirlingCorrection(p) + stirlingCorrection(q) - stirlingCorrection(p + q);
    return (
      -0.5 * Math.log(q) + LN_SQRT_2PI + corr + (p - 0.5) * Math.log(p / (p + q)) + q * Math.log1p(-p / (p + q))
    );
  }
  if (q >= 10) {
    const corr = stirlingCorrection(q) - stirlingCorrection(p + q);
    return logGamma(p) + corr + p - p * Math.log(p + q) + (q - 0.5) * Math.log1p(-p / (p + q));
  }
  return logGamma(p) + logGamma(q) - logGamma(p + q);
}

/** ln of x given x and y = 1 − x, whichever is the more accurate. */
function logOf(x: number, y: number): number {
  return x > 0.5 ? Math.log1p(-y) : Math.log(x);
}

/** Continued fraction for I_x(a, b) (Numerical Recipes betacf, modified Lentz). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < FPMIN) d = FPMIN;
  d = 1 / d;
  let h = d;
  // Converges in O(√max(a, b)) steps near the mean; the cap is far above what df = 10^9 needs.
  for (let m = 1; m <= 1_000_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPSILON) return h;
  }
  return h;
}

/**
 * Regularized incomplete beta I_x(a, b) and its complement 1 − I_x(a, b), each accurate in
 * relative terms when small. `y` must be 1 − x computed without cancellation by the caller
 * (for the t distribution: x = ν/(ν + t²), y = t²/(ν + t²)).
 */
export function incompleteBeta(x: number, y: number, a: number, b: number): { lower: number; upper: number } {
  if (x <= 0) return { lower: 0, upper: 1 };
  if (y <= 0) return { lower: 1, upper: 0 };
  // The branch is chosen so the side computed directly is the small one: no 1 − (≈1).
  const lowerIsSmall = x < (a + 1) / (a + b + 2);
  // Just below the mean the continued fraction needs O(√a) steps and loses digits to
  // rounding (1e-10 at df = 4·10^6 for the t distribution): large a with small b, the
  // Student t regime at large df, goes to the asymptotic expansion instead.
  if (lowerIsSmall && a >= 1000 && b <= 1 && y < 0.1) {
    const lower = incompleteBetaLargeA(x, y, a, b);
    return { lower, upper: 1 - lower };
  }
  const logFront = a * logOf(x, y) + b * logOf(y, x) - logBeta(a, b);
  if (lowerIsSmall) {
    const lower = (Math.exp(logFront) * betaContinuedFraction(x, a, b)) / a;
    return { lower, upper: 1 - lower };
  }
  const upper = (Math.exp(logFront) * betaContinuedFraction(y, b, a)) / b;
  return { lower: 1 - upper, upper };
}

const ODD_FACTORIALS = Array.from({ length: 31 }, (_, m) => {
  let f = 1;
  for (let k = 2; k <= 2 * m + 1; k++) f *= k;
  return f; // (2m + 1)!
});

/**
 * I_x(a, b) for a large and b ≤ 1 by DiDonato & Morris's expansion (ACM TOMS 708, BGRAT;
 * the form Boost uses): I_x(a, b) = Γ(a+b)/(Γ(a) T^b) Σ p_n J_n(b, u), T = a + (b − 1)/2,
 * u = −T ln x, J_0 = Q(b, u). Terms shrink like ((ln x)/2)^{2n}/(4T²)^n, so a handful suffice.
 */
function incompleteBetaLargeA(x: number, y: number, a: number, b: number): number {
  const bm1 = b - 1;
  const t = a + bm1 / 2;
  const lx = logOf(x, y);
  const u = -t * lx;
  const q = incompleteGamma(b, u).upper;
  // h = u^b e^{-u} / Γ(b): the weight of the inhomogeneous part of the J_n recurrence.
  const h = Math.exp(b * Math.log(u) - u - logGamma(b));
  const prefix = Math.exp(logGamma(b) - logBeta(a, b) - b * Math.log(t));
  const p: number[] = [1];
  let j = q;
  let sum = j;
  const lx2 = (lx / 2) * (lx / 2);
  let lxp = 1;
  const t4 = 4 * t * t;
  let b2n = b;
  for (let n = 1; n <= 30; n++) {
    let pn = 0;
    for (let m = 1; m < n; m++) pn += ((m * b - n) * p[n - m]) / ODD_FACTORIALS[m];
    pn = pn / n + bm1 / ODD_FACTORIALS[n];
    p.push(pn);
    j = (b2n * (b2n + 1) * j + h * (u + b2n + 1) * lxp) / t4;
    lxp *= lx2;
    b2n += 2;
    const term = pn * j;
    sum += term;
    if (Math.abs(term) <= EPSILON * Math.abs(sum)) break;
  }
  return prefix * sum;
}

/** Regularized incomplete gamma P(a, x) and Q(a, x) = 1 − P(a, x), each accurate when small. */
export function incompleteGamma(a: number, x: number): { lower: number; upper: number } {
  if (x <= 0) return { lower: 0, upper: 1 };
  const logFront = -x + a * Math.log(x) - logGamma(a);
  if (x < a + 1) {
    // Series: P = e^{-x} x^a / Γ(a+1) · Σ x^n / ((a+1)…(a+n)).
    let ap = a;
    let del = 1 / a;
    let sum = del;
    for (let n = 1; n <= 100_000; n++) {
      ap += 1;
      del *= x / ap;
      sum += del;
      if (Math.abs(del) < Math.abs(sum) * EPSILON) break;
    }
    const lower = sum * Math.exp(logFront);
    return { lower, upper: 1 - lower };
  }
  // Continued fraction for Q (modified Lentz).
  let b = x + 1 - a;
  let c = 1 / FPMIN;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i <= 100_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = b + an / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPSILON) break;
  }
  const upper = Math.exp(logFront) * h;
  return { lower: 1 - upper, upper };
}

// Cody's coefficients: erf on |x| ≤ 0.46875, erfc on (0.46875, 4] and on (4, ∞).
const A = [3.1611237438705656, 113.864154151050156, 377.485237685302021, 3209.37758913846947, 0.185777706184603153];
const B = [23.6012909523441209, 244.024637934444173, 1282.61652607737228, 2844.23683343917062];
const C = [
  0.564188496988670089, 8.88314979438837594, 66.1191906371416295, 298.635138197400131, 881.95222124176909,
  1712.04761263407058, 2051.07837782607147, 1230.33935479799725, 2.15311535474403846e-8,
];
const D = [
  15.7449261107098347, 117.693950891312499, 537.181101862009858, 1621.38957456669019, 3290.79923573345963,
  4362.61909014324716, 3439.36767414372164, 1230.33935480374942,
];
const P = [
  0.305326634961232344, 0.360344899949804439, 0.125781726111229246, 0.0160837851487422766,
  6.58749161529837803e-4, 0.0163153871373020978,
];
const Q = [2.56852019228982242, 1.87295284992346047, 0.527905102951428412, 0.0605183413124413191, 0.00233520497626869185];
const ONE_OVER_SQRT_PI = 0.56418958354775628695;

/** exp(−y²) with y² split as in CALERF, so the rounding of y² does not cost relative accuracy. */
function expMinusSquare(y: number): number {
  const ySplit = Math.trunc(y * 16) / 16;
  const del = (y - ySplit) * (y + ySplit);
  return Math.exp(-ySplit * ySplit) * Math.exp(-del);
}

/** Complementary error function, relative accuracy ~1e-16 over the whole range. */
export function erfc(x: number): number {
  const y = Math.abs(x);
  let result: number;
  if (y <= 0.46875) {
    const ysq = y > 1.11e-16 ? y * y : 0;
    let num = A[4] * ysq;
    let den = ysq;
    for (let i = 0; i < 3; i++) {
      num = (num + A[i]) * ysq;
      den = (den + B[i]) * ysq;
    }
    return 1 - (x * (num + A[3])) / (den + B[3]);
  } else if (y <= 4) {
    let num = C[8] * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + C[i]) * y;
      den = (den + D[i]) * y;
    }
    result = ((num + C[7]) / (den + D[7])) * expMinusSquare(y);
  } else if (y >= 26.543) {
    result = 0; // below the smallest double
  } else {
    const ysq = 1 / (y * y);
    let num = P[5] * ysq;
    let den = ysq;
    for (let i = 0; i < 4; i++) {
      num = (num + P[i]) * ysq;
      den = (den + Q[i]) * ysq;
    }
    result = (ysq * (num + P[4])) / (den + Q[4]);
    result = ((ONE_OVER_SQRT_PI - result) / y) * expMinusSquare(y);
  }
  return x < 0 ? 2 - result : result;
}
