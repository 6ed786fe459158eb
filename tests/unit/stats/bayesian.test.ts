import { describe, expect, it } from 'vitest';
import { betaBinomialChanceToBeat, chanceToBeatControl, conversionPosterior, normalCdf } from '@/lib/stats';
import reference from './fixtures/scipy-reference.json';
import { expectClose, expectNoNonFinite } from './tolerance';

type Counts = { n: number; conversions: number };

/**
 * Brute force, independent of the engine's closed form: Simpson's rule on a fine grid of
 * f_C(x)·P(T > x), with the Beta tail from the binomial identity
 * P(Beta(a, b) > x) = P(Binomial(a + b − 1, x) ≤ a − 1); expected losses from
 * E[max(X − Y, 0)] = ∫ f_X(x) G_Y(x) dx with G_Y(x) = ∫₀ˣ F_Y(y) dy (integration by parts),
 * G by the trapezoid rule with its Euler–Maclaurin end correction. Good to ~1e-10 here.
 */
function bruteForce(control: Counts, treatment: Counts) {
  const steps = 20_000;
  const h = 1 / steps;
  const grid = Array.from({ length: steps + 1 }, (_, i) => i * h);
  const logFactorials = [0];
  for (let k = 1; k <= 200; k++) logFactorials.push(logFactorials[k - 1] + Math.log(k));
  const power = (x: number, k: number) => (k === 0 ? 1 : x ** k);

  const arm = (counts: Counts) => {
    const { a, b } = conversionPosterior(counts);
    const n = a + b - 1;
    const logNorm = logFactorials[n] - logFactorials[a - 1] - logFactorials[b - 1];
    const density = grid.map((x) => Math.exp(logNorm) * power(x, a - 1) * power(1 - x, b - 1));
    const logChoose = (k: number) => logFactorials[n] - logFactorials[k] - logFactorials[n - k];
    const tail = grid.map((x) => {
      let sum = 0;
      for (let k = 0; k <= a - 1; k++) sum += Math.exp(logChoose(k)) * power(x, k) * power(1 - x, n - k);
      return Math.min(1, sum);
    });
    const g = [0];
    for (let i = 1; i <= steps; i++) g.push(g[i - 1] + (h * (2 - tail[i - 1] - tail[i])) / 2);
    const integralOfCdf = g.map((v, i) => v - ((h * h) / 12) * (density[i] - density[0]));
    return { density, tail, integralOfCdf };
  };
  const simpson = (values: number[]) => {
    let sum = values[0] + values[steps];
    for (let i = 1; i < steps; i++) sum += values[i] * (i % 2 ? 4 : 2);
    return (sum * h) / 3;
  };
  const c = arm(control);
  const t = arm(treatment);
  return {
    chance: simpson(c.density.map((f, i) => f * t.tail[i])),
    lossTreatment: simpson(c.density.map((f, i) => f * t.integralOfCdf[i])), // E[max(C − T, 0)]
    lossControl: simpson(t.density.map((f, i) => f * c.integralOfCdf[i])), // E[max(T − C, 0)]
  };
}

describe('betaBinomialChanceToBeat against brute-force integration (small counts)', () => {
  it.each([
    [{ n: 12, conversions: 2 }, { n: 12, conversions: 5 }],
    [{ n: 30, conversions: 7 }, { n: 25, conversions: 9 }],
    [{ n: 5, conversions: 0 }, { n: 5, conversions: 5 }],
    [{ n: 0, conversions: 0 }, { n: 3, conversions: 1 }],
    [{ n: 40, conversions: 38 }, { n: 40, conversions: 39 }],
  ])('%o vs %o', (control, treatment) => {
    const r = betaBinomialChanceToBeat(control, treatment);
    const brute = bruteForce(control, treatment);
    expect(Math.abs(r.chanceToBeatControl! - brute.chance)).toBeLessThan(1e-8);
    expect(Math.abs(r.expectedLoss!.treatment - brute.lossTreatment)).toBeLessThan(1e-8);
    expect(Math.abs(r.expectedLoss!.control - brute.lossControl)).toBeLessThan(1e-8);
  });
});

type BayesCase = {
  input: { control: Counts; treatment: Counts };
  expected: { chanceToBeatControl: number; expectedLoss: { control: number; treatment: number } };
};

describe('betaBinomialChanceToBeat against 60-digit reference values (mpmath, up to 2·10^6 trials)', () => {
  const cases = reference.betaBinomialChanceToBeat as BayesCase[];
  const label = ({ input: { control: c, treatment: t } }: BayesCase) => `${c.conversions}/${c.n} vs ${t.conversions}/${t.n}`;
  it.each(cases.map((c) => [label(c), c] as const))(
    '%s',
    (_, { input, expected }) => {
      const r = betaBinomialChanceToBeat(input.control, input.treatment);
      expectClose(r.chanceToBeatControl, expected.chanceToBeatControl, 1e-6, 1e-10);
      // A loss is a difference of two probabilities: 1e-6 relative or 1e-10 absolute.
      expectClose(r.expectedLoss!.control, expected.expectedLoss.control, 1e-6, 1e-10);
      expectClose(r.expectedLoss!.treatment, expected.expectedLoss.treatment, 1e-6, 1e-10);
    },
  );

  it('is exact where a normal approximation is not (2% rate, 2·10^6 trials: off by 2.6e-5)', () => {
    const control = { n: 2_000_000, conversions: 40_000 };
    const treatment = { n: 1_500_000, conversions: 30_600 };
    const c = conversionPosterior(control);
    const t = conversionPosterior(treatment);
    const moments = ({ a, b }: { a: number; b: number }) => ({
      mean: a / (a + b),
      variance: (a * b) / ((a + b) ** 2 * (a + b + 1)),
    });
    const [mc, mt] = [moments(c), moments(t)];
    const normal = normalCdf((mt.mean - mc.mean) / Math.sqrt(mc.variance + mt.variance));
    const exact = betaBinomialChanceToBeat(control, treatment).chanceToBeatControl!;
    expectClose(exact, 0.9957763845854821, 1e-9);
    expect(Math.abs(normal - exact)).toBeGreaterThan(1e-5);
  });
});

describe('betaBinomialChanceToBeat behaviour', () => {
  it('is 1/2 between identical arms and complementary when the arms swap', () => {
    const same = betaBinomialChanceToBeat({ n: 500, conversions: 40 }, { n: 500, conversions: 40 });
    expectClose(same.chanceToBeatControl, 0.5, 1e-12);
    expectClose(same.expectedLoss!.control, same.expectedLoss!.treatment, 1e-12);
    const ab = betaBinomialChanceToBeat({ n: 900, conversions: 80 }, { n: 1100, conversions: 120 });
    const ba = betaBinomialChanceToBeat({ n: 1100, conversions: 120 }, { n: 900, conversions: 80 });
    expectClose(ab.chanceToBeatControl! + ba.chanceToBeatControl!, 1, 1e-12);
  });

  it('keeps the losses consistent: loss(control) − loss(treatment) = E[pT] − E[pC]', () => {
    const control = { n: 4000, conversions: 410 };
    const treatment = { n: 4100, conversions: 450 };
    const r = betaBinomialChanceToBeat(control, treatment);
    const mean = ({ n, conversions }: Counts) => (1 + conversions) / (2 + n);
    expectClose(r.expectedLoss!.control - r.expectedLoss!.treatment, mean(treatment) - mean(control), 1e-9);
  });

  it('uses the prior for arms without units (uniform vs uniform → 1/2, loss 1/6)', () => {
    const r = betaBinomialChanceToBeat({ n: 0, conversions: 0 }, { n: 0, conversions: 0 });
    expectClose(r.chanceToBeatControl, 0.5, 1e-15);
    expectClose(r.expectedLoss!.treatment, 1 / 6, 1e-15);
  });

  it('stays finite and sane at 10^7 trials per arm', () => {
    const r = betaBinomialChanceToBeat({ n: 1e7, conversions: 5e6 }, { n: 1e7, conversions: 5.001e6 });
    expectNoNonFinite(r);
    // Symmetric posteriors at p ≈ 0.5: the normal approximation is excellent here.
    const sd = Math.sqrt(2 * 0.25 / 1e7);
    expect(Math.abs(r.chanceToBeatControl! - normalCdf(0.0001 / sd))).toBeLessThan(1e-6);
    const extreme = betaBinomialChanceToBeat({ n: 1e7, conversions: 3 }, { n: 1e7, conversions: 9e6 });
    expect(extreme.chanceToBeatControl).toBe(1);
    expect(extreme.expectedLoss!.treatment).toBe(0);
  });

  it('is exact for an arm without units against 10^7 trials (uniform X: P(Y > X) = E[Y])', () => {
    const treatment = { n: 1e7, conversions: 9e6 };
    const { a, b } = conversionPosterior(treatment);
    const mean = a / (a + b);
    const secondMoment = (a * (a + 1)) / ((a + b) * (a + b + 1));
    const r = betaBinomialChanceToBeat({ n: 0, conversions: 0 }, treatment);
    // ln B at arguments near 10^7 carries ~1e-10 of rounding: the limit of double precision.
    expectClose(r.chanceToBeatControl, mean, 1e-9);
    expectClose(r.expectedLoss!.control, secondMoment / 2, 1e-9); // E[max(Y − X, 0)] = E[Y²]/2
    expectClose(r.expectedLoss!.treatment, (1 - 2 * mean + secondMoment) / 2, 1e-6, 1e-12); // E[(1 − Y)²]/2
  });

  it('refuses counts that are not counts', () => {
    for (const bad of [
      { n: 10.5, conversions: 2 },
      { n: 10, conversions: 11 },
      { n: -1, conversions: 0 },
    ]) {
      const r = betaBinomialChanceToBeat(bad, { n: 10, conversions: 2 });
      expect(r.chanceToBeatControl).toBeNull();
      expect(r.reason).toBeTruthy();
    }
  });
});

describe('chanceToBeatControl (normal approximation on means)', () => {
  type Summary = { n: number; mean: number; variance: number };
  type MeanCase = {
    input: { control: Summary; treatment: Summary };
    expected: { chanceToBeatControl: number; expectedLoss: { control: number; treatment: number } };
  };
  const cases = reference.chanceToBeatControl as MeanCase[];
  it.each(cases.map((c) => [`${c.input.control.mean} vs ${c.input.treatment.mean}`, c] as const))(
    'matches scipy (losses by quadrature): %s',
    (_, { input, expected }) => {
      const r = chanceToBeatControl(input.control, input.treatment);
      expectClose(r.chanceToBeatControl, expected.chanceToBeatControl, 1e-9);
      expectClose(r.expectedLoss!.control, expected.expectedLoss.control, 1e-7, 1e-12);
      expectClose(r.expectedLoss!.treatment, expected.expectedLoss.treatment, 1e-7, 1e-12);
    },
  );

  it('is Φ(1.96) = 0.975 when the difference is 1.96 standard errors', () => {
    const shift = 1.959963984540054 * Math.sqrt(2); // standard error of the difference: √(100/100 + 100/100)
    const r = chanceToBeatControl({ n: 100, mean: 10, variance: 100 }, { n: 100, mean: 10 + shift, variance: 100 });
    expectClose(r.chanceToBeatControl, 0.975, 1e-12);
  });

  it('is undefined for a single unit or no variance at all', () => {
    const single = chanceToBeatControl({ n: 1, mean: 1, variance: 0 }, { n: 10, mean: 2, variance: 1 });
    expect(single.chanceToBeatControl).toBeNull();
    const flat = chanceToBeatControl({ n: 10, mean: 1, variance: 0 }, { n: 10, mean: 2, variance: 0 });
    expect(flat).toMatchObject({ chanceToBeatControl: null, expectedLoss: null });
    expect(flat.reason).toMatch(/zero variance/);
  });

  it('stays finite for a decisive difference', () => {
    const r = chanceToBeatControl({ n: 1e7, mean: 1, variance: 1 }, { n: 1e7, mean: 2, variance: 1 });
    expectNoNonFinite(r);
    expect(r.chanceToBeatControl).toBe(1);
    expect(r.expectedLoss!.treatment).toBe(0);
  });
});
