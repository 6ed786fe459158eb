import { describe, expect, it } from 'vitest';
import { seededRandom, standardNormal } from '@/lib/experiments/simulation';
import { flatPriorPosterior, gaussianPriorPosterior, gaussianPriorTest } from '@/lib/stats';
import reference from './fixtures/paired-reference.json';
import { expectClose, expectIntervalClose, expectNoNonFinite } from './tolerance';

type Summary = { n: number; mean: number; variance: number };
type Expected = {
  mean: number;
  sd: number;
  chanceToBeatControl: number;
  ci: number[];
  expectedLoss: { control: number; treatment: number };
  lift?: number;
  standardError?: number;
};
type GaussianCase = {
  name: string;
  input: {
    lift?: number;
    standardError?: number;
    control?: Summary;
    treatment?: Summary;
    priorMean?: number;
    priorSd: number | null;
    alpha: number;
  };
  expected: Expected;
};

function expectPosteriorClose(r: ReturnType<typeof gaussianPriorPosterior>, expected: Expected) {
  expect(r.reason).toBeNull();
  expectClose(r.mean, expected.mean);
  expectClose(r.sd, expected.sd);
  expectClose(r.chanceToBeatControl, expected.chanceToBeatControl, 1e-6, 1e-300);
  expectIntervalClose(r.ci, expected.ci);
  expectClose(r.expectedLoss?.control, expected.expectedLoss.control, 1e-6, 1e-300);
  expectClose(r.expectedLoss?.treatment, expected.expectedLoss.treatment, 1e-6, 1e-300);
  expectNoNonFinite(r);
}

describe('gaussianPriorPosterior against the stdlib reference', () => {
  const cases = (reference.gaussianPrior as GaussianCase[]).filter((c) => c.input.lift !== undefined);
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_, { input, expected }) => {
    const lift = { lift: input.lift!, standardError: input.standardError! };
    const r =
      input.priorSd === null
        ? flatPriorPosterior(lift, { alpha: input.alpha })
        : gaussianPriorPosterior(lift, { priorMean: input.priorMean, priorSd: input.priorSd, alpha: input.alpha });
    expectPosteriorClose(r, expected);
  });

  it('the flat prior reproduces the likelihood', () => {
    const r = flatPriorPosterior({ lift: 0.05, standardError: 0.02 });
    expect(r.mean).toBe(0.05);
    expect(r.sd).toBe(0.02);
  });

  it('the default prior is N(0, 0.3²) and shrinks towards 0', () => {
    const r = gaussianPriorPosterior({ lift: 0.3, standardError: 0.3 });
    expectClose(r.mean, 0.15);
    expectClose(r.sd, 0.3 / Math.SQRT2);
  });
});

describe('gaussianPriorTest from two mean summaries (delta-method lift)', () => {
  const cases = (reference.gaussianPrior as GaussianCase[]).filter((c) => c.input.control !== undefined);
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_, { input, expected }) => {
    const r = gaussianPriorTest(input.control!, input.treatment!, {
      priorSd: input.priorSd ?? Infinity,
      alpha: input.alpha,
    });
    expectClose(r.lift, expected.lift!);
    expectClose(r.standardError, expected.standardError!);
    expectPosteriorClose(r, expected);
  });
});

describe('gaussianPriorPosterior when the analysis is undefined', () => {
  it.each([
    ['zero standard error', { lift: 0.1, standardError: 0 }, {}],
    ['non-finite lift', { lift: NaN, standardError: 0.1 }, {}],
    ['zero prior sd', { lift: 0.1, standardError: 0.1 }, { priorSd: 0 }],
    ['alpha out of range', { lift: 0.1, standardError: 0.1 }, { alpha: 0 }],
  ])('%s: null with a reason', (_, lift, options) => {
    const r = gaussianPriorPosterior(lift, options);
    expect(r.mean).toBeNull();
    expect(r.chanceToBeatControl).toBeNull();
    expect(r.expectedLoss).toBeNull();
    expect(r.reason).toEqual(expect.any(String));
    expectNoNonFinite(r);
  });

  it('a zero control mean or zero variance in the summaries: null with a reason', () => {
    expect(gaussianPriorTest({ n: 10, mean: 0, variance: 1 }, { n: 10, mean: 1, variance: 1 }).reason).toMatch(/control is 0/);
    const flat = gaussianPriorTest({ n: 10, mean: 1, variance: 0 }, { n: 10, mean: 1, variance: 0 });
    expect(flat.chanceToBeatControl).toBeNull();
    expect(flat.reason).toMatch(/standard error/);
    expectNoNonFinite(flat);
  });
});

describe('gaussianPriorPosterior calibration', () => {
  const runs = 4000;

  it('flat prior under the null: chance to beat control beyond 97.5% or below 2.5% in about 5% of 4,000 datasets', () => {
    const random = seededRandom(606);
    let decided = 0;
    for (let run = 0; run < runs; run++) {
      const se = 0.01 + 0.1 * random();
      const chance = flatPriorPosterior({ lift: se * standardNormal(random), standardError: se }).chanceToBeatControl!;
      if (chance > 0.975 || chance < 0.025) decided++;
    }
    expect(decided / runs).toBeGreaterThanOrEqual(0.04);
    expect(decided / runs).toBeLessThanOrEqual(0.06);
  });

  it('effects drawn from the prior: the 95% credible interval misses the true effect in about 5% of 4,000 datasets', () => {
    const random = seededRandom(707);
    let missed = 0;
    for (let run = 0; run < runs; run++) {
      const effect = 0.3 * standardNormal(random);
      const se = 0.05 + 0.4 * random();
      const { ci } = gaussianPriorPosterior({ lift: effect + se * standardNormal(random), standardError: se });
      if (effect < ci![0] || effect > ci![1]) missed++;
    }
    expect(missed / runs).toBeGreaterThanOrEqual(0.04);
    expect(missed / runs).toBeLessThanOrEqual(0.06);
  });
});
