// Percentile bootstrap of a mean: the interval offline eval comparisons report for the mean of
// paired differences, where the differences are 0/±1 (pass/fail), a handful of steps (1–5 judge
// scores) or skewed (cost). Pure and deterministic: the same values and seed give the same
// interval, so a comparison page does not flicker between reloads.
//
// Cost. Resampling n values directly takes n draws per resample, n · resamples in all: 10⁸ for
// 10,000 items and 10,000 resamples, about 0.3 s on one core at ~3 ns a draw. A resample's mean
// depends only on how many times each distinct value is drawn, a multinomial, so when the values
// have few distinct levels (k of them) it is drawn as k − 1 conditional binomials, each by
// inversion from its mode in O(1 + sd) steps: about k · √n per resample, ~15 ms in all for
// pass/fail at n = 10,000 and 10,000 resamples. 'auto' takes whichever is cheaper; both sample
// the same distribution exactly.
import { logGamma } from './special-functions';
import type { Interval } from './summaries';

export type BootstrapOptions = {
  /** Confidence level of the interval, in (0, 1). */
  level?: number;
  resamples?: number;
  /** Any integer; the same seed gives the same interval. */
  seed: number;
  /** How resamples are drawn; 'auto' picks the cheaper (tests force one or the other). */
  method?: 'auto' | 'direct' | 'counts';
};

export const DEFAULT_BOOTSTRAP_RESAMPLES = 10_000;

/**
 * xoshiro128** (Blackman and Vigna, 2018), seeded through splitmix32: period 2¹²⁸ − 1, passes
 * BigCrush, 32-bit integer arithmetic only. Returns uniforms in [0, 1) with 32 random bits.
 */
export function bootstrapRandom(seed: number): () => number {
  let [a, b, c, d] = seedState(seed);
  return () => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result / 4_294_967_296;
  };
}

/** xoshiro128**'s four words of state from a seed, by splitmix32. */
function seedState(seed: number): [number, number, number, number] {
  let s = seed >>> 0;
  const splitmix = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  const state: [number, number, number, number] = [splitmix(), splitmix(), splitmix(), splitmix()];
  if ((state[0] | state[1] | state[2] | state[3]) === 0) state[0] = 1; // the all-zero state is the one xoshiro cannot leave
  return state;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * One draw from Binomial(n, p), by inversion that visits the support from the mode outwards
 * (mode, mode − 1, mode + 1, …). Any fixed visiting order gives an exact sampler; starting at
 * the mode makes the expected number of steps O(1 + √(np(1 − p))).
 */
export function binomialDraw(n: number, p: number, random: () => number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  const mode = Math.min(n, Math.floor((n + 1) * p));
  const logPmf = logGamma(n + 1) - logGamma(mode + 1) - logGamma(n - mode + 1) + mode * Math.log(p) + (n - mode) * Math.log1p(-p);
  const pmfMode = Math.exp(logPmf);
  const odds = p / (1 - p);
  let u = random() - pmfMode;
  if (u < 0) return mode;
  let down = mode;
  let up = mode;
  let pmfDown = pmfMode;
  let pmfUp = pmfMode;
  while (down > 0 || up < n) {
    if (down > 0) {
      // pmf(x − 1) = pmf(x) · x / ((n − x + 1) · odds)
      pmfDown *= down / ((n - down + 1) * odds);
      down--;
      u -= pmfDown;
      if (u < 0) return down;
    }
    if (up < n) {
      // pmf(x + 1) = pmf(x) · (n − x) · odds / (x + 1)
      pmfUp *= ((n - up) * odds) / (up + 1);
      up++;
      u -= pmfUp;
      if (u < 0) return up;
    }
    // The rest of the mass is below rounding (u fell in the error of a total of 1).
    if ((down === 0 || pmfDown < 1e-300) && (up === n || pmfUp < 1e-300)) break;
  }
  return mode;
}

/** Distinct values (ascending) and how many times each occurs. */
function levels(values: readonly number[]): { value: number[]; count: number[] } {
  const sorted = [...values].sort((a, b) => a - b);
  const value: number[] = [];
  const count: number[] = [];
  for (const x of sorted) {
    if (value.length && value[value.length - 1] === x) count[count.length - 1]++;
    else {
      value.push(x);
      count.push(1);
    }
  }
  return { value, count };
}

/** The mean of one resample: how often each level is drawn is multinomial, drawn as binomials. */
function countsResampler(value: number[], count: number[], n: number, random: () => number): () => number {
  return () => {
    let left = n; // draws still to place
    let pool = n; // original values in the levels not visited yet
    let sum = 0;
    for (let k = 0; k < value.length && left > 0; k++) {
      const drawn = k === value.length - 1 ? left : binomialDraw(left, count[k] / pool, random);
      sum += drawn * value[k];
      left -= drawn;
      pool -= count[k];
    }
    return sum / n;
  };
}

/**
 * Every resample's mean, drawing indices directly: the hot loop of a continuous sample, with the
 * generator's state in locals (the same stream as `bootstrapRandom`; ~3× faster than a closure).
 */
function directMeans(values: readonly number[], resamples: number, seed: number): Float64Array {
  const n = values.length;
  const x = Float64Array.from(values);
  const state = seedState(seed);
  let [a, b, c, d] = state;
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
      const t = b << 9;
      c ^= a;
      d ^= b;
      b ^= c;
      a ^= d;
      c ^= t;
      d = rotl(d, 11);
      sum += x[Math.floor((result / 4_294_967_296) * n)]!;
    }
    means[r] = sum / n;
  }
  return means;
}

/** Linear interpolation between order statistics (numpy's default, Hyndman–Fan type 7). */
function quantileOfSorted(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * Percentile bootstrap interval of the mean of `values`: resample n values with replacement,
 * `resamples` times, and take the (1 − level)/2 and (1 + level)/2 quantiles of the resampled
 * means. Null when there are no values or a value is not finite.
 */
export function bootstrapMeanCi(
  values: readonly number[],
  { level = 0.95, resamples = DEFAULT_BOOTSTRAP_RESAMPLES, seed, method = 'auto' }: BootstrapOptions,
): Interval | null {
  const n = values.length;
  if (n === 0 || !values.every(Number.isFinite)) return null;
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1), got ${level}`);
  if (!(Number.isInteger(resamples) && resamples >= 1)) throw new RangeError(`resamples must be a positive integer, got ${resamples}`);
  const { value, count } = levels(values);
  if (value.length === 1) return [value[0]!, value[0]!];
  // Per resample: n draws directly, about k · (2 + √n) binomial steps (plus k log-gammas) by counts.
  const useCounts = method === 'counts' || (method === 'auto' && value.length * (8 + Math.sqrt(n)) < n);
  let means: Float64Array;
  if (useCounts) {
    const resample = countsResampler(value, count, n, bootstrapRandom(seed));
    means = new Float64Array(resamples);
    for (let r = 0; r < resamples; r++) means[r] = resample();
  } else means = directMeans(values, resamples, seed);
  means.sort();
  const lo = quantileOfSorted(means, (1 - level) / 2);
  const hi = quantileOfSorted(means, (1 + level) / 2);
  // Resampled means cannot leave the range of the values; rounding in the sums must not either.
  return [Math.max(lo, value[0]), Math.min(hi, value[value.length - 1])];
}
