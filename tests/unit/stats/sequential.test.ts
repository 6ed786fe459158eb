import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SEQUENTIAL_TUNING_PARAMETER,
  meanSummaryFromSums,
  sequentialInterval,
  sequentialMeansTest,
  sequentialProportionsTest,
  welchTTest,
} from '@/lib/stats';
import reference from './fixtures/scipy-reference.json';
import { expectClose, expectIntervalClose, expectNoNonFinite } from './tolerance';

type SequentialCase = {
  input: { estimate: number; standardError: number; n: number; alpha: number; tuningParameter: number };
  expected: { ci: number[]; halfWidth: number; pValue: number };
};

describe('sequentialInterval reproduces gbstats (sequential_rho, sequential_interval_halfwidth, eq. 155)', () => {
  it.each((reference.sequentialInterval as SequentialCase[]).map((c) => [JSON.stringify(c.input), c] as const))(
    '%s',
    (_, { input, expected }) => {
      const r = sequentialInterval(input);
      expectIntervalClose(r.ci, expected.ci);
      expectClose(r.halfWidth, expected.halfWidth);
      expectClose(r.pValue, expected.pValue, 1e-6, 1e-300);
    },
  );

  it('defaults to GrowthBook’s tuning parameter of 5,000 and alpha 0.05', () => {
    expect(DEFAULT_SEQUENTIAL_TUNING_PARAMETER).toBe(5000);
    const explicit = sequentialInterval({ estimate: 0.1, standardError: 0.04, n: 3000, alpha: 0.05, tuningParameter: 5000 });
    expect(sequentialInterval({ estimate: 0.1, standardError: 0.04, n: 3000 })).toEqual(explicit);
  });
});

describe('sequential tests match GrowthBook’s own test suite (gbstats TestSequentialTTest, 5 decimals)', () => {
  const a = meanSummaryFromSums({ n: 3000, sum: 1396.87, sumSquares: 52377.9767 });
  const b = meanSummaryFromSums({ n: 3461, sum: 2422.7, sumSquares: 134698.29 });

  it('means, relative effect, tuning parameter 1,000', () => {
    const r = sequentialMeansTest(a, b, { tuningParameter: 1000 });
    expect(r.relativeDiff).toBeCloseTo(0.50336, 5);
    expect(r.relativeCi![0]).toBeCloseTo(-0.55844, 5);
    expect(r.relativeCi![1]).toBeCloseTo(1.56516, 5);
  });

  it('proportions, relative effect, default tuning parameter', () => {
    const r = sequentialProportionsTest({ n: 3000, conversions: 1396 }, { n: 3461, conversions: 2422 });
    expect(r.relativeDiff).toBeCloseTo(0.50386, 5);
    expect(r.relativeCi![0]).toBeCloseTo(0.40098, 5);
    expect(r.relativeCi![1]).toBeCloseTo(0.60675, 5);
    expect(r.pValue).toBeCloseTo(0, 5);
  });

  it('is tightest when the tuning parameter is near the sample size', () => {
    const width = (tuningParameter: number) => {
      const { relativeCi } = sequentialMeansTest(a, b, { tuningParameter });
      return relativeCi![1] - relativeCi![0];
    };
    expect(width(6461)).toBeLessThan(width(10));
    expect(width(6461)).toBeLessThan(width(10_000));
    expect(width(10_000)).toBeLessThan(width(10));
  });
});

describe('always-valid intervals', () => {
  const cases = [
    { estimate: 0.03, standardError: 0.0142, n: 2000 },
    { estimate: 0.05, standardError: 0.0142, n: 2000 },
    { estimate: -0.4, standardError: 0.1, n: 12_000 },
    { estimate: 0.012, standardError: 0.003, n: 4_100_000 },
  ];

  it('declare significance exactly when the interval excludes 0', () => {
    for (const c of cases)
      for (const alpha of [0.01, 0.05, 0.1]) {
        const r = sequentialInterval({ ...c, alpha });
        const excludesZero = r.ci![0] > 0 || r.ci![1] < 0;
        expect(r.pValue! < alpha, JSON.stringify({ c, alpha })).toBe(excludesZero);
      }
  });

  it('are wider than the fixed-horizon interval, the price of peeking', () => {
    const control = { n: 1000, mean: 10, variance: 4 };
    const treatment = { n: 1000, mean: 10.3, variance: 4.5 };
    const fixed = welchTTest(control, treatment);
    const sequential = sequentialMeansTest(control, treatment);
    expect(sequential.diff).toBe(fixed.diff);
    expect(sequential.ci![0]).toBeLessThan(fixed.ci![0]);
    expect(sequential.ci![1]).toBeGreaterThan(fixed.ci![1]);
    expect(sequential.pValue!).toBeGreaterThan(fixed.pValue!);
  });

  it('report a p-value that underflows as 0, not NaN', () => {
    const r = sequentialInterval({ estimate: 1, standardError: 0.001, n: 1e7 });
    expect(r.pValue).toBe(0);
    expectNoNonFinite(r);
  });

  it('are undefined without units, without variance or with a bad tuning parameter', () => {
    expect(sequentialInterval({ estimate: 0.1, standardError: 0.1, n: 0 }).reason).toMatch(/no units/);
    expect(sequentialInterval({ estimate: 0.1, standardError: 0, n: 100 }).ci).toBeNull();
    expect(sequentialInterval({ estimate: 0.1, standardError: 0.1, n: 100, tuningParameter: 0 }).reason).toMatch(/tuning/);
    expect(sequentialInterval({ estimate: 0.1, standardError: 0.1, n: 100, alpha: 1 }).reason).toMatch(/alpha/);
    const single = sequentialMeansTest({ n: 1, mean: 1, variance: 0 }, { n: 5, mean: 2, variance: 1 });
    expect(single.pValue).toBeNull();
    expect(single.reason).toMatch(/single unit/);
  });

  it('leave the relative effect undefined for a control rate of 0', () => {
    const r = sequentialProportionsTest({ n: 1000, conversions: 0 }, { n: 1000, conversions: 9 });
    expect(r.ci).not.toBeNull();
    expect(r.relativeDiff).toBeNull();
    expect(r.relativeCi).toBeNull();
    expect(r.reason).toMatch(/relative effect is undefined/);
  });
});
