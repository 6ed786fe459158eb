import { describe, expect, it } from 'vitest';
import { meanSummaryFromSums, welchTTest } from '@/lib/stats';
import reference from './fixtures/scipy-reference.json';
import vectors from './fixtures/stats-vectors.json';
import { expectClose, expectIntervalClose, expectNoNonFinite } from './tolerance';

type Summary = { n: number; mean: number; variance: number };
type WelchCase = {
  input: { control: Summary; treatment: Summary; alpha: number };
  expected: {
    t: number;
    df: number;
    pValue: number;
    diff: number;
    ci: number[];
    relativeDiff?: number;
    relativeCi?: number[];
  };
};

const sharedCases = vectors.cases.filter((c) => c.kind === 'welchTTest') as unknown as (WelchCase & { note?: string })[];
const scipyCases = reference.welchTTest as WelchCase[];

describe('welchTTest against the shared reference vectors (scipy ttest_ind_from_stats, equal_var=False)', () => {
  it.each(sharedCases.map((c) => [c.note ?? `n=${c.input.control.n}/${c.input.treatment.n}`, c] as const))(
    '%s',
    (_, { input, expected }) => {
      const r = welchTTest(input.control, input.treatment, { alpha: input.alpha });
      expectClose(r.t, expected.t);
      expectClose(r.df, expected.df);
      expectClose(r.pValue, expected.pValue);
      expectClose(r.diff, expected.diff);
      expectIntervalClose(r.ci, expected.ci);
      expect(r.reason).toBeNull();
    },
  );
});

describe('welchTTest against more scipy cases', () => {
  it.each(scipyCases.map((c) => [`${c.input.control.n}/${c.input.treatment.n}, p=${c.expected.pValue}`, c] as const))(
    '%s',
    (_, { input, expected }) => {
      const r = welchTTest(input.control, input.treatment, { alpha: input.alpha });
      expectClose(r.t, expected.t);
      expectClose(r.df, expected.df);
      expectClose(r.pValue, expected.pValue, 1e-6, 1e-300);
      expectClose(r.diff, expected.diff);
      expectIntervalClose(r.ci, expected.ci);
      expectClose(r.relativeDiff, expected.relativeDiff!);
      expectIntervalClose(r.relativeCi, expected.relativeCi!);
    },
  );

  it('reports a p-value of 1e-99 as such, not as 0', () => {
    const r = welchTTest({ n: 1000, mean: 1, variance: 1 }, { n: 1000, mean: 2, variance: 1 });
    expect(r.pValue).toBeGreaterThan(0);
    expect(r.pValue).toBeLessThan(1e-90);
  });
});

describe('welchTTest matches GrowthBook (gbstats test_two_sided_ttest, 5 decimals)', () => {
  const a = meanSummaryFromSums({ n: 3407, sum: 1396.87, sumSquares: 52377.9767 });
  const b = meanSummaryFromSums({ n: 3461, sum: 2422.7, sumSquares: 134698.29 });
  const r = welchTTest(a, b);

  it('absolute effect', () => {
    expect(r.diff).toBeCloseTo(0.29, 10);
    expect(r.ci![0]).toBeCloseTo(0.04538, 5);
    expect(r.ci![1]).toBeCloseTo(0.53462, 5);
    expect(r.standardError).toBeCloseTo(0.12478, 5);
    expect(r.pValue).toBeCloseTo(0.02016, 5);
  });

  it('relative effect with the delta-method interval', () => {
    expect(r.relativeDiff).toBeCloseTo(0.70732, 5);
    expect(r.relativeCi![0]).toBeCloseTo(-0.03526, 5);
    expect(r.relativeCi![1]).toBeCloseTo(1.44989, 5);
  });
});

describe('welchTTest when the test is undefined', () => {
  it('says so for a variant with a single unit, keeping the point estimate', () => {
    const r = welchTTest({ n: 1, mean: 3, variance: 0 }, { n: 50, mean: 4, variance: 2 });
    expect(r.pValue).toBeNull();
    expect(r.ci).toBeNull();
    expect(r.relativeCi).toBeNull();
    expect(r.diff).toBe(1);
    expect(r.reason).toMatch(/control has a single unit/);
    expectNoNonFinite(r);
  });

  it('says so for an empty variant', () => {
    const r = welchTTest({ n: 40, mean: 3, variance: 1 }, { n: 0, mean: 0, variance: 0 });
    expect(r).toMatchObject({ pValue: null, diff: null, ci: null });
    expect(r.reason).toMatch(/treatment has no units/);
  });

  it('says so when neither variant varies', () => {
    const r = welchTTest({ n: 100, mean: 1, variance: 0 }, { n: 100, mean: 1.5, variance: 0 });
    expect(r.pValue).toBeNull();
    expect(r.t).toBeNull();
    expect(r.diff).toBe(0.5);
    expect(r.relativeDiff).toBe(0.5);
    expect(r.reason).toMatch(/zero variance/);
    expectNoNonFinite(r);
  });

  it('still tests when only one variant has zero variance (df = n − 1 of the other)', () => {
    const r = welchTTest({ n: 30, mean: 5, variance: 0 }, { n: 40, mean: 5.3, variance: 1.2 });
    expect(r.df).toBeCloseTo(39, 9);
    expect(r.reason).toBeNull();
  });

  it('leaves the relative effect undefined when the control mean is 0', () => {
    const r = welchTTest({ n: 100, mean: 0, variance: 1 }, { n: 100, mean: 0.3, variance: 1 });
    expect(r.pValue).toBeGreaterThan(0);
    expect(r.ci).not.toBeNull();
    expect(r.relativeDiff).toBeNull();
    expect(r.relativeCi).toBeNull();
    expect(r.reason).toMatch(/relative effect is undefined/);
    expectNoNonFinite(r);
  });

  it('rejects invalid input with a reason instead of NaN', () => {
    for (const bad of [
      { n: 10, mean: Number.NaN, variance: 1 },
      { n: 10, mean: 1, variance: -1 },
      { n: Infinity, mean: 1, variance: 1 },
    ]) {
      const r = welchTTest(bad, { n: 10, mean: 1, variance: 1 });
      expect(r.pValue).toBeNull();
      expect(r.reason).toBeTruthy();
      expectNoNonFinite(r);
    }
    expect(welchTTest({ n: 10, mean: 1, variance: 1 }, { n: 10, mean: 2, variance: 1 }, { alpha: 0 }).reason).toMatch(
      /alpha/,
    );
  });
});

describe('welchTTest at scale', () => {
  it('handles 10^7 units per variant', () => {
    const r = welchTTest({ n: 1e7, mean: 0.1, variance: 0.09 }, { n: 1e7, mean: 0.1003, variance: 0.0901 });
    expectNoNonFinite(r);
    expect(r.reason).toBeNull();
    expect(r.df).toBeGreaterThan(1.9e7);
    expect(r.pValue).toBeGreaterThan(0);
    expect(r.pValue).toBeLessThan(0.05);
  });

  it('never overflows into NaN with extreme magnitudes', () => {
    const r = welchTTest({ n: 1e7, mean: 1e150, variance: 1e300 }, { n: 1e7, mean: 1.0001e150, variance: 1.1e300 });
    expectNoNonFinite(r);
    expect(r.df).toBeGreaterThan(1e7);
  });
});

describe('meanSummaryFromSums', () => {
  it('turns SQL sums into the mean and the n − 1 sample variance', () => {
    // values 1, 2, 3, 4: mean 2.5, sample variance 5/3
    const s = meanSummaryFromSums({ n: 4, sum: 10, sumSquares: 30 });
    expect(s.mean).toBe(2.5);
    expectClose(s.variance, 5 / 3, 1e-15);
  });

  it('never returns a negative variance from rounding', () => {
    const s = meanSummaryFromSums({ n: 3, sum: 3 * 0.1, sumSquares: 3 * 0.1 * 0.1 });
    expect(s.variance).toBeGreaterThanOrEqual(0);
  });
});
