import { describe, expect, it } from 'vitest';
import { seededRandom, standardNormal } from '@/lib/experiments/simulation';
import { pairedTTest } from '@/lib/stats';
import { binomialDraw, bootstrapMeanCi, bootstrapRandom } from '@/lib/stats/bootstrap';
import { chiSquareSf } from '@/lib/stats/distributions';
import { logGamma } from '@/lib/stats/special-functions';

const normalSample = (random: () => number, n: number, mean = 0, sd = 1) => Array.from({ length: n }, () => mean + sd * standardNormal(random));

describe('bootstrapMeanCi is deterministic', () => {
  it('gives the same interval for the same values and seed, another for another seed', () => {
    const values = normalSample(seededRandom(1), 300);
    const a = bootstrapMeanCi(values, { seed: 42 });
    expect(bootstrapMeanCi(values, { seed: 42 })).toEqual(a);
    expect(bootstrapMeanCi(values, { seed: 43 })).not.toEqual(a);
  });

  it('draws the same stream from a seed, and a uniform one', () => {
    const first = Array.from({ length: 5 }, bootstrapRandom(7));
    expect(Array.from({ length: 5 }, bootstrapRandom(7))).toEqual(first);
    const random = bootstrapRandom(123);
    const bins = new Array<number>(10).fill(0);
    const draws = 100_000;
    for (let i = 0; i < draws; i++) {
      const u = random();
      expect(u >= 0 && u < 1).toBe(true);
      bins[Math.floor(u * 10)]++;
    }
    const chi = bins.reduce((s, o) => s + (o - draws / 10) ** 2 / (draws / 10), 0);
    expect(chiSquareSf(chi, 9)).toBeGreaterThan(0.001);
  });
});

describe('bootstrapMeanCi against the t interval and by coverage', () => {
  it('agrees with the paired t interval on a large normal sample (within 4% of its half-width)', () => {
    const values = normalSample(seededRandom(2), 5000, 0.3, 2);
    const boot = bootstrapMeanCi(values, { seed: 9 })!;
    const t = pairedTTest({ control: values.map(() => 0), treatment: values }).ci!;
    const half = (t[1] - t[0]) / 2;
    expect(Math.abs(boot[0] - t[0])).toBeLessThan(0.04 * half);
    expect(Math.abs(boot[1] - t[1])).toBeLessThan(0.04 * half);
  });

  // 400 simulated datasets: the 95% interval should hold the true mean in about 95% of them.
  // Binomial(400, 0.95) has sd 1.1%; the percentile bootstrap runs a little short at small n,
  // so the band is 0.95 ± 3 sd.
  const coverage = (draw: (random: () => number) => number[], trueMean: number, seed: number) => {
    const random = seededRandom(seed);
    let covered = 0;
    for (let run = 0; run < 400; run++) {
      const ci = bootstrapMeanCi(draw(random), { seed: run, resamples: 2000 })!;
      if (ci[0] <= trueMean && trueMean <= ci[1]) covered++;
    }
    return covered / 400;
  };

  it('covers the mean of normal differences (n = 60) in 95% ± 3.3% of 400 datasets', () => {
    const rate = coverage((random) => normalSample(random, 60, 1, 3), 1, 11);
    expect(rate).toBeGreaterThanOrEqual(0.917);
    expect(rate).toBeLessThanOrEqual(0.983);
  });

  it('covers the mean of pass/fail differences (−1, 0, +1; n = 400, drawn by counts) in 95% ± 3.3%', () => {
    // P(−1) = 0.1, P(+1) = 0.18: a true improvement of 0.08 in pass rate.
    const draw = (random: () => number) => Array.from({ length: 400 }, () => { const u = random(); return u < 0.1 ? -1 : u < 0.28 ? 1 : 0; });
    const rate = coverage(draw, 0.08, 12);
    expect(rate).toBeGreaterThanOrEqual(0.917);
    expect(rate).toBeLessThanOrEqual(0.983);
  });

  it('draws resamples by counts or directly from the same distribution', () => {
    const random = seededRandom(3);
    const values = Array.from({ length: 2000 }, () => Math.floor(random() * 5) - 2); // judge-score differences
    const byCounts = bootstrapMeanCi(values, { seed: 5, resamples: 20_000, method: 'counts' })!;
    const direct = bootstrapMeanCi(values, { seed: 5, resamples: 20_000, method: 'direct' })!;
    const half = (direct[1] - direct[0]) / 2;
    expect(Math.abs(byCounts[0] - direct[0])).toBeLessThan(0.04 * half);
    expect(Math.abs(byCounts[1] - direct[1])).toBeLessThan(0.04 * half);
  });
});

describe('binomialDraw', () => {
  it.each([
    [20, 0.3],
    [7, 0.9],
    [1000, 0.02],
  ])('matches the Binomial(%i, %d) probabilities (chi-square goodness of fit)', (n, p) => {
    const random = bootstrapRandom(n);
    const draws = 50_000;
    const observed = new Map<number, number>();
    for (let i = 0; i < draws; i++) {
      const x = binomialDraw(n, p, random);
      expect(Number.isInteger(x) && x >= 0 && x <= n).toBe(true);
      observed.set(x, (observed.get(x) ?? 0) + 1);
    }
    const pmf = (k: number) => Math.exp(logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1) + k * Math.log(p) + (n - k) * Math.log1p(-p));
    // Cells with an expected count of at least 5; the rest pooled into one.
    let chi = 0;
    let cells = 0;
    let restExpected = 0;
    let restObserved = 0;
    for (let k = 0; k <= n; k++) {
      const expected = draws * pmf(k);
      if (expected >= 5) {
        chi += ((observed.get(k) ?? 0) - expected) ** 2 / expected;
        cells++;
      } else {
        restExpected += expected;
        restObserved += observed.get(k) ?? 0;
      }
    }
    if (restExpected > 0) {
      chi += (restObserved - restExpected) ** 2 / restExpected;
      cells++;
    }
    expect(chiSquareSf(chi, cells - 1)).toBeGreaterThan(0.001);
  });

  it('handles the edges', () => {
    const random = bootstrapRandom(1);
    expect(binomialDraw(0, 0.5, random)).toBe(0);
    expect(binomialDraw(10, 0, random)).toBe(0);
    expect(binomialDraw(10, 1, random)).toBe(10);
  });
});

describe('bootstrapMeanCi edges', () => {
  it('has no interval without values or with a non-finite one', () => {
    expect(bootstrapMeanCi([], { seed: 1 })).toBeNull();
    expect(bootstrapMeanCi([1, NaN], { seed: 1 })).toBeNull();
  });

  it('collapses to the value when every value is the same', () => {
    expect(bootstrapMeanCi([0.25, 0.25, 0.25], { seed: 1 })).toEqual([0.25, 0.25]);
  });

  it('stays within the range of the values', () => {
    const ci = bootstrapMeanCi([0, 0, 0, 1], { seed: 3 })!;
    expect(ci[0]).toBeGreaterThanOrEqual(0);
    expect(ci[1]).toBeLessThanOrEqual(1);
  });

  it('refuses a level outside (0, 1)', () => {
    expect(() => bootstrapMeanCi([1, 2], { seed: 1, level: 95 })).toThrow(/level/);
  });
});
