import { describe, expect, it } from 'vitest';
import { seededRandom, standardNormal } from '@/lib/experiments/simulation';
import { wilcoxonSignedRank } from '@/lib/stats';
import reference from './fixtures/paired-reference.json';
import { expectClose, expectNoNonFinite } from './tolerance';

type WilcoxonCase = {
  name: string;
  input: { control: number[]; treatment: number[] };
  expected: {
    n: number;
    statistic: number;
    wPlus: number;
    method: 'exact' | 'normal';
    medianDiff: number;
    pValue: number;
    z: number | null;
  };
};

describe('wilcoxonSignedRank against the stdlib reference (scipy wilcoxon, zero_method=wilcox, no correction)', () => {
  it.each((reference.wilcoxon as WilcoxonCase[]).map((c) => [c.name, c] as const))('%s', (_, { input, expected }) => {
    const r = wilcoxonSignedRank(input);
    expect(r.reason).toBeNull();
    expect(r.n).toBe(expected.n);
    expect(r.method).toBe(expected.method);
    expect(r.statistic).toBe(expected.statistic);
    expect(r.wPlus).toBe(expected.wPlus);
    expect(r.medianDiff).toBe(expected.medianDiff);
    expectClose(r.pValue, expected.pValue, 1e-6, 1e-300);
    if (expected.z === null) expect(r.z).toBeNull();
    else expectClose(r.z, expected.z);
    expectNoNonFinite(r);
  });

  it('reaches the far tail of the exact distribution (50 positive differences: p = 2^-49)', () => {
    const control = Array.from({ length: 50 }, (_, i) => i);
    const r = wilcoxonSignedRank({ control, treatment: control.map((x, i) => x + 1 + i) });
    expect(r.method).toBe('exact');
    expect(r.pValue).toBe(2 ** -49);
  });

  it('is symmetric: swapping the arms keeps the p-value and mirrors W+', () => {
    const c = reference.wilcoxon[3] as WilcoxonCase;
    const swapped = wilcoxonSignedRank({ control: c.input.treatment, treatment: c.input.control });
    expectClose(swapped.pValue, c.expected.pValue);
    expect(swapped.wPlus).toBe((c.expected.n * (c.expected.n + 1)) / 2 - c.expected.wPlus);
  });
});

describe('wilcoxonSignedRank when the test is undefined', () => {
  it.each([
    ['no pairs', { control: [], treatment: [] }],
    ['every difference zero', { control: [1, 2, 3, 4], treatment: [1, 2, 3, 4] }],
    ['unequal lengths', { control: [1, 2], treatment: [1] }],
    ['a non-finite value', { control: [1, 2], treatment: [Infinity, 3] }],
  ] as const)('%s: null p-value with a reason', (_, data) => {
    const r = wilcoxonSignedRank(data);
    expect(r.pValue).toBeNull();
    expect(r.statistic).toBeNull();
    expect(r.method).toBeNull();
    expect(r.reason).toEqual(expect.any(String));
    expectNoNonFinite(r);
  });

  it('still reports the median difference (0) when every difference is zero', () => {
    expect(wilcoxonSignedRank({ control: [1, 2, 3], treatment: [1, 2, 3] }).medianDiff).toBe(0);
  });
});

describe('wilcoxonSignedRank type-I error', () => {
  const runs = 4000;
  const rejectionRate = (draw: () => { control: number[]; treatment: number[] }, method: string) => {
    let rejected = 0;
    for (let run = 0; run < runs; run++) {
      const r = wilcoxonSignedRank(draw());
      expect(r.method).toBe(method);
      if (r.pValue! < 0.05) rejected++;
    }
    return rejected / runs;
  };

  it('exact method: about 5% of 4,000 null datasets of 25 continuous pairs are rejected at alpha 0.05', () => {
    const random = seededRandom(202);
    const rate = rejectionRate(() => {
      const control = Array.from({ length: 25 }, () => 3 * standardNormal(random));
      // Heavy-tailed, symmetric differences (a ratio of normals): where a t-test would struggle.
      return { control, treatment: control.map((x) => x + standardNormal(random) / (0.3 + Math.abs(standardNormal(random)))) };
    }, 'exact');
    expect(rate).toBeGreaterThanOrEqual(0.04);
    expect(rate).toBeLessThanOrEqual(0.06);
  });

  it('normal approximation with ties and zeros: about 5% of 4,000 null datasets of 200 judge scores (1–5)', () => {
    const random = seededRandom(303);
    const score = () => 1 + Math.floor(5 * random());
    const rate = rejectionRate(() => {
      const control = Array.from({ length: 200 }, score);
      return { control, treatment: control.map((x) => (random() < 0.5 ? x : score())) };
    }, 'normal');
    expect(rate).toBeGreaterThanOrEqual(0.04);
    expect(rate).toBeLessThanOrEqual(0.06);
  });
});
