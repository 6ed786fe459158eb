import { describe, expect, it } from 'vitest';
import { isSampleRatioMismatch, srmTest } from '@/lib/stats';
import reference from './fixtures/scipy-reference.json';
import vectors from './fixtures/stats-vectors.json';
import { expectClose, expectNoNonFinite } from './tolerance';

type SrmCase = {
  note?: string;
  input: { observed: number[]; weights: number[] };
  expected: { chiSquare: number; df: number; pValue: number };
};

const cases = [
  ...(vectors.cases.filter((c) => c.kind === 'srmTest') as unknown as SrmCase[]),
  ...(reference.srmTest as SrmCase[]),
];

describe('srmTest against scipy.stats.chisquare', () => {
  it.each(cases.map((c) => [`${c.input.observed.join('/')} for ${c.input.weights.join(':')}`, c] as const))(
    '%s',
    (_, { input, expected }) => {
      const r = srmTest(input.observed, input.weights);
      expectClose(r.chiSquare, expected.chiSquare);
      expect(r.df).toBe(expected.df);
      expectClose(r.pValue, expected.pValue, 1e-6, 1e-300);
    },
  );

  it('keeps deep-tail p-values (51,000 vs 49,000 → 2.5e-10)', () => {
    const r = srmTest([51000, 49000], [0.5, 0.5]);
    expectClose(r.pValue, 2.5396285894708634e-10);
  });

  it('accepts weights that do not sum to 1', () => {
    expect(srmTest([100, 200], [1, 2]).chiSquare).toBe(0);
    expectClose(srmTest([5050, 4950], [50, 50]).pValue, 0.31731050786291115);
  });
});

describe('srmTest edge cases', () => {
  it('waits for units', () => {
    expect(srmTest([0, 0], [0.5, 0.5])).toMatchObject({ pValue: null, reason: 'no units yet' });
  });

  it('flags units in a variant that should get none as a certain mismatch', () => {
    const r = srmTest([100, 100, 3], [0.5, 0.5, 0]);
    expect(r.pValue).toBe(0);
    expect(r.reason).toMatch(/weight 0/);
  });

  it('ignores an empty variant of weight 0', () => {
    const r = srmTest([100, 100, 0], [0.5, 0.5, 0]);
    expect(r).toMatchObject({ chiSquare: 0, df: 1, pValue: 1 });
  });

  it('rejects malformed input with a reason', () => {
    for (const [observed, weights] of [
      [[1, 2], [1]],
      [[5], [1]],
      [[1, -2], [1, 1]],
      [[1, 2], [0, 0]],
      [[1, Number.NaN], [1, 1]],
    ]) {
      const r = srmTest(observed, weights);
      expect(r.pValue).toBeNull();
      expect(r.reason).toBeTruthy();
      expectNoNonFinite(r);
    }
  });
});

describe('isSampleRatioMismatch (GrowthBook defaults: p < 0.001, every variant ≥ 8 units)', () => {
  it('raises the warning for a real imbalance', () => {
    const observed = [5200, 4800];
    expect(isSampleRatioMismatch(observed, srmTest(observed, [0.5, 0.5]))).toBe(true);
  });

  it('stays quiet for a balanced split', () => {
    const observed = [5050, 4950];
    expect(isSampleRatioMismatch(observed, srmTest(observed, [0.5, 0.5]))).toBe(false);
  });

  it('stays quiet while a variant has fewer than 8 units', () => {
    const observed = [60, 2];
    const r = srmTest(observed, [0.5, 0.5]);
    expect(r.pValue).toBeLessThan(0.001);
    expect(isSampleRatioMismatch(observed, r)).toBe(false);
  });
});
