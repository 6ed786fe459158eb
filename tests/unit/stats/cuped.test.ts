import { describe, expect, it } from 'vitest';
import { type Random, seededRandom, standardNormal } from '@/lib/experiments/simulation';
import { type CupedSums, cupedAdjust, cupedTest, sequentialMeansTest, welchTTest } from '@/lib/stats';
import reference from './fixtures/paired-reference.json';
import { expectClose, expectIntervalClose, expectNoNonFinite } from './tolerance';

type Summary = { n: number; mean: number; variance: number };
type CupedCase = {
  name: string;
  input: { control: CupedSums; treatment: CupedSums; alpha: number };
  expected: {
    theta: number;
    varianceReduction: number;
    control: Summary;
    treatment: Summary;
    welch: {
      diff: number;
      t: number;
      df: number;
      pValue: number;
      standardError: number;
      ci: number[];
      relativeDiff: number;
      relativeCi: number[];
    };
  };
};

const expectSummaryClose = (actual: Summary | null, expected: Summary) => {
  expect(actual?.n).toBe(expected.n);
  expectClose(actual?.mean, expected.mean);
  expectClose(actual?.variance, expected.variance);
};

describe('CUPED against the stdlib reference (exact arithmetic on the same sums)', () => {
  it.each((reference.cuped as CupedCase[]).map((c) => [c.name, c] as const))('%s', (_, { input, expected }) => {
    const adjusted = cupedAdjust(input.control, input.treatment);
    expect(adjusted.reason).toBeNull();
    expectClose(adjusted.theta, expected.theta);
    expectClose(adjusted.varianceReduction, expected.varianceReduction);
    expectSummaryClose(adjusted.control, expected.control);
    expectSummaryClose(adjusted.treatment, expected.treatment);

    const r = cupedTest(input.control, input.treatment, { alpha: input.alpha });
    const w = expected.welch;
    expect(r.reason).toBeNull();
    expectClose(r.theta, expected.theta);
    expectClose(r.diff, w.diff);
    expectClose(r.t, w.t);
    expectClose(r.df, w.df);
    expectClose(r.pValue, w.pValue, 1e-6, 1e-300);
    expectClose(r.standardError, w.standardError);
    expectIntervalClose(r.ci, w.ci);
    expectClose(r.relativeDiff, w.relativeDiff);
    expectIntervalClose(r.relativeCi, w.relativeCi);
    expectNoNonFinite(r);
  });

  it('the adjusted summaries feed the sequential test unchanged', () => {
    const c = reference.cuped[1] as CupedCase;
    const adjusted = cupedAdjust(c.input.control, c.input.treatment);
    const r = sequentialMeansTest(adjusted.control!, adjusted.treatment!);
    expect(r.reason).toBeNull();
    expectClose(r.diff, c.expected.welch.diff);
  });
});

function draw(random: Random, n: number, rho: number, effect = 0): CupedSums {
  const sums = { n, sumY: 0, sumYY: 0, sumX: 0, sumXX: 0, sumXY: 0 };
  for (let i = 0; i < n; i++) {
    const x = 100 + 15 * standardNormal(random);
    const y = 100 + effect + rho * (x - 100) + 15 * Math.sqrt(1 - rho * rho) * standardNormal(random);
    sums.sumY += y;
    sums.sumYY += y * y;
    sums.sumX += x;
    sums.sumXX += x * x;
    sums.sumXY += x * y;
  }
  return sums;
}

describe('CUPED behaviour', () => {
  it('removes about ρ² of the variance and narrows the interval against the plain Welch test', () => {
    const random = seededRandom(7);
    const control = draw(random, 20_000, 0.8);
    const treatment = draw(random, 20_000, 0.8, 1);
    const r = cupedTest(control, treatment);
    expect(r.varianceReduction).toBeGreaterThan(0.62);
    expect(r.varianceReduction).toBeLessThan(0.66);
    const plain = welchTTest(
      { n: control.n, mean: control.sumY / control.n, variance: (control.sumYY - control.sumY ** 2 / control.n) / (control.n - 1) },
      { n: treatment.n, mean: treatment.sumY / treatment.n, variance: (treatment.sumYY - treatment.sumY ** 2 / treatment.n) / (treatment.n - 1) },
    );
    expect(r.standardError!).toBeLessThan(0.65 * plain.standardError!);
    expect(r.ci![0]).toBeLessThan(1);
    expect(r.ci![1]).toBeGreaterThan(1);
  });

  it('a constant covariate means no adjustment: θ = 0 and the plain test, with a reason', () => {
    const control = { n: 3, sumY: 6, sumYY: 14, sumX: 3, sumXX: 3, sumXY: 6 };
    const treatment = { n: 3, sumY: 9, sumYY: 29, sumX: 3, sumXX: 3, sumXY: 9 };
    const r = cupedTest(control, treatment);
    expect(r.theta).toBe(0);
    expect(r.reason).toMatch(/covariate is constant/);
    const plain = welchTTest({ n: 3, mean: 2, variance: 1 }, { n: 3, mean: 3, variance: 1 });
    expectClose(r.pValue, plain.pValue!);
  });
});

describe('CUPED when the test is undefined', () => {
  const ok = { n: 3, sumY: 6, sumYY: 14, sumX: 6, sumXX: 14, sumXY: 13 };
  it.each([
    ['a single unit', { n: 1, sumY: 2, sumYY: 4, sumX: 1, sumXX: 1, sumXY: 2 }],
    ['no units', { n: 0, sumY: 0, sumYY: 0, sumX: 0, sumXX: 0, sumXY: 0 }],
    ['a non-finite sum', { ...ok, sumXY: NaN }],
  ])('%s: null with a reason', (_, control) => {
    const r = cupedTest(control, ok);
    expect(r.pValue).toBeNull();
    expect(r.theta).toBeNull();
    expect(r.reason).toEqual(expect.any(String));
    expectNoNonFinite(r);
    expect(cupedAdjust(control, ok).control).toBeNull();
  });

  it('zero variance of the metric in both arms: null p-value with a reason', () => {
    const flat = { n: 3, sumY: 6, sumYY: 12, sumX: 6, sumXX: 14, sumXY: 12 };
    const r = cupedTest(flat, flat);
    expect(r.pValue).toBeNull();
    expect(r.varianceReduction).toBeNull();
    expect(r.reason).toMatch(/zero variance/);
    expectNoNonFinite(r);
  });
});

describe('CUPED type-I error', () => {
  it('rejects about 5% of 4,000 null datasets (2 × 200 units, ρ = 0.7) at alpha 0.05', () => {
    const random = seededRandom(505);
    const runs = 4000;
    let rejected = 0;
    for (let run = 0; run < runs; run++) {
      if (cupedTest(draw(random, 200, 0.7), draw(random, 200, 0.7)).pValue! < 0.05) rejected++;
    }
    expect(rejected / runs).toBeGreaterThanOrEqual(0.04);
    expect(rejected / runs).toBeLessThanOrEqual(0.06);
  });
});
