import { describe, expect, it } from 'vitest';
import { seededRandom } from '@/lib/experiments/simulation';
import { mcnemarTest } from '@/lib/stats';
import reference from './fixtures/paired-reference.json';
import { expectClose, expectIntervalClose, expectNoNonFinite } from './tolerance';

type McNemarCase = {
  name: string;
  input: { b: number; c: number; n: number | null; alpha: number };
  expected: {
    exact: { statistic: number; pValue: number };
    chiSquare: { statistic: number; pValue: number };
    defaultMethod: 'exact' | 'chi-square';
    diff?: number;
    standardError?: number;
    ci?: number[];
  };
};

const cases = (reference.mcnemar as McNemarCase[]).map((c) => [c.name, c] as const);

describe('mcnemarTest against the stdlib reference (statsmodels mcnemar)', () => {
  it.each(cases)('%s, exact binomial', (_, { input, expected }) => {
    const r = mcnemarTest({ b: input.b, c: input.c }, { method: 'exact' });
    expect(r.method).toBe('exact');
    expect(r.statistic).toBe(expected.exact.statistic);
    expectClose(r.pValue, expected.exact.pValue, 1e-6, 1e-300);
  });

  it.each(cases)('%s, chi-square with continuity correction', (_, { input, expected }) => {
    const r = mcnemarTest({ b: input.b, c: input.c }, { method: 'chi-square' });
    expect(r.method).toBe('chi-square');
    expectClose(r.statistic, expected.chiSquare.statistic);
    expectClose(r.pValue, expected.chiSquare.pValue, 1e-6, 1e-300);
  });

  it.each(cases)('%s, default method and the difference in pass rates', (_, { input, expected }) => {
    const r = mcnemarTest({ b: input.b, c: input.c, n: input.n ?? undefined }, { alpha: input.alpha });
    expect(r.method).toBe(expected.defaultMethod);
    const p = expected.defaultMethod === 'exact' ? expected.exact.pValue : expected.chiSquare.pValue;
    expectClose(r.pValue, p, 1e-6, 1e-300);
    if (expected.diff === undefined) {
      expect(r.diff).toBeNull();
      expect(r.reason).toMatch(/number of pairs/);
    } else {
      expectClose(r.diff, expected.diff);
      expectClose(r.standardError, expected.standardError!);
      expectIntervalClose(r.ci, expected.ci!);
      expect(r.reason).toBeNull();
    }
    expectNoNonFinite(r);
  });

  it('switches from exact to chi-square at 25 discordant pairs', () => {
    expect(mcnemarTest({ b: 10, c: 14 }).method).toBe('exact');
    expect(mcnemarTest({ b: 12, c: 13 }).method).toBe('chi-square');
  });
});

describe('mcnemarTest when the test is undefined', () => {
  it('no discordant pairs: null p-value with a reason, the pass rates still compare', () => {
    const r = mcnemarTest({ b: 0, c: 0, n: 50 });
    expect(r.pValue).toBeNull();
    expect(r.statistic).toBeNull();
    expect(r.reason).toMatch(/no discordant pairs/);
    expect(r.diff).toBe(0);
    expectNoNonFinite(r);
  });

  it.each([
    ['negative count', { b: -1, c: 3 }],
    ['fractional count', { b: 1.5, c: 3 }],
    ['n below b + c', { b: 4, c: 3, n: 5 }],
  ])('%s: null with a reason', (_, counts) => {
    const r = mcnemarTest(counts);
    expect(r.pValue).toBeNull();
    expect(r.diff).toBeNull();
    expect(r.reason).toEqual(expect.any(String));
  });

  it('a degenerate interval (every pair improved) is null with a reason, the p-value stays', () => {
    const r = mcnemarTest({ b: 0, c: 40, n: 40 });
    expect(r.ci).toBeNull();
    expect(r.pValue).toBeGreaterThan(0);
    expect(r.reason).toMatch(/degenerate/);
  });
});

describe('mcnemarTest type-I error', () => {
  it('the exact test never rejects more than alpha of its null distribution (b + c = 1 … 60)', () => {
    for (let m = 1; m <= 60; m++) {
      let size = 0;
      let weight = 2 ** -m; // C(m, b) / 2^m, built up term by term
      for (let b = 0; b <= m; b++) {
        if (mcnemarTest({ b, c: m - b }, { method: 'exact' }).pValue! < 0.05) size += weight;
        weight = (weight * (m - b)) / (b + 1);
      }
      expect(size, `b + c = ${m}`).toBeLessThanOrEqual(0.05);
    }
  });

  it('rejects about 5% of 4,000 null datasets of 5,000 pairs at alpha 0.05 (default method)', () => {
    const random = seededRandom(404);
    const runs = 4000;
    let rejected = 0;
    for (let run = 0; run < runs; run++) {
      let b = 0;
      let c = 0;
      for (let i = 0; i < 5000; i++) {
        // Half the pairs agree; the rest change either way with equal chance (the null).
        const u = random();
        if (u < 0.25) b++;
        else if (u < 0.5) c++;
      }
      const r = mcnemarTest({ b, c, n: 5000 });
      expect(r.method).toBe('chi-square');
      if (r.pValue! < 0.05) rejected++;
    }
    expect(rejected / runs).toBeGreaterThanOrEqual(0.04);
    expect(rejected / runs).toBeLessThanOrEqual(0.06);
  });
});
