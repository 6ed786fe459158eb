import { describe, expect, it } from 'vitest';
import { seededRandom } from '@/lib/experiments/simulation';
import { welchTTest } from '@/lib/stats';
import { type RatioSums, ratioSummary } from '@/lib/stats/ratio';
import reference from './fixtures/paired-reference.json';
import { expectClose, expectIntervalClose } from './tolerance';

type Summary = { n: number; mean: number; variance: number };
type RatioCase = {
  name: string;
  input: { control: RatioSums; treatment: RatioSums; alpha: number };
  expected: {
    control: Summary;
    treatment: Summary;
    welch: { diff: number; t: number; df: number; pValue: number; standardError: number; ci: number[] };
  };
};

describe('ratioSummary against exact delta-method values from raw per-unit (X, Y)', () => {
  it.each((reference.ratio as RatioCase[]).map((c) => [c.name, c] as const))('%s', (_, { input, expected }) => {
    const control = ratioSummary(input.control);
    const treatment = ratioSummary(input.treatment);
    for (const [actual, exact] of [
      [control, expected.control],
      [treatment, expected.treatment],
    ] as const) {
      expect(actual.reason).toBeNull();
      expect(actual.n).toBe(exact.n);
      expectClose(actual.mean, exact.mean);
      expectClose(actual.variance, exact.variance);
    }
    const w = welchTTest(control, treatment, { alpha: input.alpha });
    expectClose(w.diff, expected.welch.diff);
    expectClose(w.t, expected.welch.t);
    expectClose(w.df, expected.welch.df);
    expectClose(w.pValue, expected.welch.pValue, 1e-6, 1e-300);
    expectClose(w.standardError, expected.welch.standardError);
    expectIntervalClose(w.ci, expected.welch.ci);
  });
});

describe('ratioSummary when the ratio is undefined', () => {
  it.each([
    ['a single unit', { n: 1, sumX: 1, sumY: 2, sumXX: 1, sumYY: 4, sumXY: 2 }],
    ['no units', { n: 0, sumX: 0, sumY: 0, sumXX: 0, sumYY: 0, sumXY: 0 }],
    ['a zero denominator', { n: 3, sumX: 0, sumY: 0, sumXX: 0, sumYY: 0, sumXY: 0 }],
  ])('%s: a reason, and the tests on it say undefined', (_, sums) => {
    const r = ratioSummary(sums);
    expect(r.reason).toEqual(expect.any(String));
    const w = welchTTest(r, { n: 10, mean: 0.5, variance: 0.1 });
    expect(w.pValue).toBeNull();
    expect(w.reason).toEqual(expect.any(String));
  });
});

describe('ratio metric type-I error', () => {
  it('Welch on two ratio summaries rejects about 5% of 4,000 A/A datasets (2 × 300 units, repeat executions)', () => {
    const random = seededRandom(808);
    const arm = (): RatioSums => {
      const s = { n: 300, sumX: 0, sumY: 0, sumXX: 0, sumYY: 0, sumXY: 0 };
      for (let i = 0; i < 300; i++) {
        // Units differ in activity and in their own rate: executions of a unit are not independent.
        const y = 1 + Math.floor(8 * random() * random());
        const rate = 0.1 + 0.5 * random();
        let x = 0;
        for (let k = 0; k < y; k++) if (random() < rate) x++;
        s.sumX += x;
        s.sumY += y;
        s.sumXX += x * x;
        s.sumYY += y * y;
        s.sumXY += x * y;
      }
      return s;
    };
    const runs = 4000;
    let rejected = 0;
    for (let run = 0; run < runs; run++) if (welchTTest(ratioSummary(arm()), ratioSummary(arm())).pValue! < 0.05) rejected++;
    expect(rejected / runs).toBeGreaterThanOrEqual(0.04);
    expect(rejected / runs).toBeLessThanOrEqual(0.06);
  });
});
