import { describe, expect, it } from 'vitest';
import { seededRandom, standardNormal } from '@/lib/experiments/simulation';
import { pairedTTest } from '@/lib/stats';
import reference from './fixtures/paired-reference.json';
import { expectClose, expectIntervalClose, expectNoNonFinite } from './tolerance';

type PairedCase = {
  name: string;
  input: { control?: number[]; treatment?: number[]; sums?: { n: number; sum: number; sumSquares: number }; alpha: number };
  expected: { n: number; df: number; meanDiff: number; standardError: number; t: number; pValue: number; ci: number[] };
};

describe('pairedTTest against the stdlib reference (scipy ttest_rel semantics)', () => {
  it.each((reference.pairedTTest as PairedCase[]).map((c) => [c.name, c] as const))('%s', (_, { input, expected }) => {
    const data = input.sums ?? { control: input.control!, treatment: input.treatment! };
    const r = pairedTTest(data, { alpha: input.alpha });
    expect(r.reason).toBeNull();
    expect(r.n).toBe(expected.n);
    expect(r.df).toBe(expected.df);
    expectClose(r.meanDiff, expected.meanDiff);
    expectClose(r.standardError, expected.standardError);
    expectClose(r.t, expected.t);
    expectClose(r.pValue, expected.pValue, 1e-6, 1e-300);
    expectIntervalClose(r.ci, expected.ci);
    expectNoNonFinite(r);
  });

  it('gives the same answer from raw pairs and from the sums of their differences', () => {
    const c = reference.pairedTTest[4] as PairedCase;
    const d = c.input.control!.map((x, i) => c.input.treatment![i] - x);
    const fromSums = pairedTTest({ n: d.length, sum: d.reduce((s, x) => s + x, 0), sumSquares: d.reduce((s, x) => s + x * x, 0) });
    expectClose(fromSums.pValue, c.expected.pValue);
    expectClose(fromSums.t, c.expected.t);
  });

  it('reports the sign as treatment − control', () => {
    const r = pairedTTest({ control: [1, 2, 3, 4], treatment: [2, 2.5, 4.5, 5] });
    expect(r.meanDiff).toBeGreaterThan(0);
    expect(r.t).toBeGreaterThan(0);
  });
});

describe('pairedTTest when the test is undefined', () => {
  it.each([
    ['no pairs', { control: [], treatment: [] }],
    ['a single pair', { control: [1], treatment: [2] }],
    ['n < 2 from sums', { n: 1, sum: 3, sumSquares: 9 }],
    ['all differences zero', { control: [1, 2, 3], treatment: [1, 2, 3] }],
    ['every pair moved by the same amount', { control: [1, 2, 3], treatment: [2, 3, 4] }],
    ['unequal lengths', { control: [1, 2, 3], treatment: [1, 2] }],
    ['a non-finite value', { control: [1, NaN, 3], treatment: [1, 2, 3] }],
  ] as const)('%s: null p-value with a reason', (_, data) => {
    const r = pairedTTest(data);
    expect(r.pValue).toBeNull();
    expect(r.t).toBeNull();
    expect(r.ci).toBeNull();
    expect(r.reason).toEqual(expect.any(String));
    expectNoNonFinite(r);
  });

  it('keeps the mean difference when only the variance is missing', () => {
    expect(pairedTTest({ control: [1, 2, 3], treatment: [2, 3, 4] }).meanDiff).toBe(1);
  });

  it('rejects an alpha outside (0, 1)', () => {
    expect(pairedTTest({ control: [1, 2, 3], treatment: [2, 2, 5] }, { alpha: 1.5 }).reason).toMatch(/alpha/);
  });
});

describe('pairedTTest type-I error', () => {
  it('rejects about 5% of 4,000 null datasets at alpha 0.05', () => {
    const random = seededRandom(101);
    let rejected = 0;
    const runs = 4000;
    for (let run = 0; run < runs; run++) {
      const control: number[] = [];
      const treatment: number[] = [];
      for (let i = 0; i < 20; i++) {
        const unit = 50 + 10 * standardNormal(random); // the pair's own level, shared by both arms
        control.push(unit + standardNormal(random));
        treatment.push(unit + standardNormal(random));
      }
      if (pairedTTest({ control, treatment }).pValue! < 0.05) rejected++;
    }
    expect(rejected / runs).toBeGreaterThanOrEqual(0.04);
    expect(rejected / runs).toBeLessThanOrEqual(0.06);
  });
});
