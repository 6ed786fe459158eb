// Bayesian read-outs: chance to beat control and expected loss. Higher is better here; for a
// metric that should decrease, swap the arms (chance becomes 1 − chance, losses swap).
import { type BetaParams, expectedLossOfChoosing, probabilityBetaExceeds } from './beta-comparison';
import { normalCdf, normalPdf, normalSf } from './distributions';
import { type ConversionSummary, type MeanSummary, meanSummaryProblem } from './summaries';

export type ExpectedLoss = {
  /** E[max(treatment − control, 0)]: what keeping the control is expected to cost */
  control: number;
  /** E[max(control − treatment, 0)]: what shipping the treatment is expected to cost */
  treatment: number;
};

export type ChanceToBeat = {
  /** P(treatment > control) under the posterior */
  chanceToBeatControl: number | null;
  /** in the metric's own units (absolute, not relative) */
  expectedLoss: ExpectedLoss | null;
  /** why the fields are null; null when they are defined */
  reason: string | null;
};

const undefinedChance = (reason: string): ChanceToBeat => ({ chanceToBeatControl: null, expectedLoss: null, reason });

/**
 * Normal approximation on the difference of means: with flat priors the posterior of
 * μT − μC is N(d, s²), d = x̄T − x̄C, s² = s²T/nT + s²C/nC. Then P(μT > μC) = Φ(d/s) and
 * E[max(−D, 0)] = s·φ(d/s) − d·Φ(−d/s), E[max(D, 0)] = s·φ(d/s) + d·Φ(d/s).
 */
export function chanceToBeatControl(control: MeanSummary, treatment: MeanSummary): ChanceToBeat {
  const problem = meanSummaryProblem(control, 'control') ?? meanSummaryProblem(treatment, 'treatment');
  if (problem) return undefinedChance(problem);
  const d = treatment.mean - control.mean;
  const s = Math.sqrt(control.variance / control.n + treatment.variance / treatment.n);
  if (!(s > 0)) return undefinedChance('both variants have zero variance: the posterior is degenerate');
  const z = d / s;
  const density = s * normalPdf(z);
  const result = {
    chanceToBeatControl: normalCdf(z),
    expectedLoss: {
      control: Math.max(0, density + d * normalCdf(z)),
      treatment: Math.max(0, density - d * normalSf(z)),
    },
    reason: null,
  };
  const numbers = [result.chanceToBeatControl, result.expectedLoss.control, result.expectedLoss.treatment];
  return numbers.every(Number.isFinite) ? result : undefinedChance('the numbers overflow double precision');
}

function posteriorProblem({ n, conversions }: ConversionSummary, arm: string): string | null {
  if (!Number.isInteger(n) || !Number.isInteger(conversions)) return `${arm}: n and conversions must be integers`;
  if (n < 0 || conversions < 0 || conversions > n) return `${arm}: conversions must be between 0 and n`;
  return null;
}

/** Beta(1, 1) prior updated with the arm's conversions and non-conversions. */
export function conversionPosterior({ n, conversions }: ConversionSummary): BetaParams {
  return { a: 1 + conversions, b: 1 + n - conversions };
}

/**
 * Beta–binomial with uniform Beta(1, 1) priors, computed exactly (see beta-comparison.ts);
 * a few milliseconds at 10^7 trials per arm. An arm with no units yet keeps its prior.
 */
export function betaBinomialChanceToBeat(control: ConversionSummary, treatment: ConversionSummary): ChanceToBeat {
  const problem = posteriorProblem(control, 'control') ?? posteriorProblem(treatment, 'treatment');
  if (problem) return undefinedChance(problem);
  const c = conversionPosterior(control);
  const t = conversionPosterior(treatment);
  return {
    chanceToBeatControl: probabilityBetaExceeds(c, t),
    expectedLoss: { control: expectedLossOfChoosing(c, t), treatment: expectedLossOfChoosing(t, c) },
    reason: null,
  };
}
