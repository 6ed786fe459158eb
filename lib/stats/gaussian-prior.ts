// Bayesian read-out on the relative effect with a normal prior, as GrowthBook's "proper
// prior": the data say lift ~ N(effect, se²) (the delta-method relative effect), the prior
// says effect ~ N(priorMean, priorSd²), and the posterior is normal with the
// precision-weighted mean. The prior shrinks noisy lifts towards priorMean (a +40% lift
// measured with ±50% is not believed at face value); priorSd = Infinity is the flat prior,
// whose posterior is the likelihood itself.
import type { ExpectedLoss } from './bayesian';
import { normalCdf, normalPdf, normalSf, normalUpperQuantile } from './distributions';
import { DEFAULT_ALPHA, type Interval, type MeanSummary, alphaProblem, intervalOrNull, meanSummaryProblem } from './summaries';

/** GrowthBook's default proper prior on the relative effect: N(0, 0.3²). */
export const DEFAULT_PRIOR_MEAN = 0;
export const DEFAULT_PRIOR_SD = 0.3;

export type RelativeLift = { lift: number; standardError: number };
export type GaussianPriorOptions = { priorMean?: number; priorSd?: number; alpha?: number };

export type GaussianPosterior = {
  /** posterior mean of the relative effect */
  mean: number | null;
  sd: number | null;
  /** P(effect > 0) */
  chanceToBeatControl: number | null;
  /** equal-tailed credible interval at 1 − alpha */
  ci: Interval | null;
  /** relative terms: control = E[max(effect, 0)], treatment = E[max(−effect, 0)] */
  expectedLoss: ExpectedLoss | null;
  /** why the fields are null; null when they are defined */
  reason: string | null;
};

const undefinedPosterior = (reason: string): GaussianPosterior => ({
  mean: null,
  sd: null,
  chanceToBeatControl: null,
  ci: null,
  expectedLoss: null,
  reason,
});

/**
 * E[max(X, 0)] / s for X ~ N(m, s²) with z = m/s: φ(z) + zΦ(z). For z ≪ 0 the two terms
 * cancel; there it is φ(u)·q/(u + q) with u = −z and q from the Laplace continued fraction
 * of the Mills ratio, Φ(−u)/φ(u) = 1/(u + q), q = 1/(u + 2/(u + 3/(u + …))): no subtraction.
 */
function positivePartPerSd(z: number): number {
  if (z > -3) return normalPdf(z) + z * normalCdf(z);
  const u = -z;
  let a = u;
  for (let k = 99; k >= 2; k--) a = u + k / a;
  const q = 1 / a;
  return (normalPdf(u) * q) / (u + q);
}

export function gaussianPriorPosterior(
  { lift, standardError }: RelativeLift,
  { priorMean = DEFAULT_PRIOR_MEAN, priorSd = DEFAULT_PRIOR_SD, alpha = DEFAULT_ALPHA }: GaussianPriorOptions = {},
): GaussianPosterior {
  const problem =
    alphaProblem(alpha) ??
    (Number.isFinite(lift) && Number.isFinite(standardError) ? null : 'the lift and its standard error must be finite') ??
    (standardError > 0 ? null : 'the standard error of the lift is 0: the likelihood is degenerate') ??
    (Number.isFinite(priorMean) && priorSd > 0 ? null : 'the prior needs a finite mean and a positive sd');
  if (problem) return undefinedPosterior(problem);

  const dataPrecision = 1 / (standardError * standardError);
  const priorPrecision = priorSd === Infinity ? 0 : 1 / (priorSd * priorSd);
  const variance = 1 / (dataPrecision + priorPrecision);
  const mean = variance * (lift * dataPrecision + priorMean * priorPrecision);
  const sd = Math.sqrt(variance);
  const z = mean / sd;
  const critical = normalUpperQuantile(alpha / 2);
  const result: GaussianPosterior = {
    mean,
    sd,
    chanceToBeatControl: normalSf(-z),
    ci: intervalOrNull(mean - critical * sd, mean + critical * sd),
    expectedLoss: { control: sd * positivePartPerSd(z), treatment: sd * positivePartPerSd(-z) },
    reason: null,
  };
  const numbers = [mean, sd, result.expectedLoss!.control, result.expectedLoss!.treatment];
  return numbers.every(Number.isFinite) && result.ci ? result : undefinedPosterior('the numbers overflow double precision');
}

/** The flat prior: the posterior is the likelihood N(lift, se²). */
export function flatPriorPosterior(lift: RelativeLift, { alpha = DEFAULT_ALPHA }: { alpha?: number } = {}): GaussianPosterior {
  return gaussianPriorPosterior(lift, { priorSd: Infinity, alpha });
}

/**
 * The relative lift of two mean summaries by the delta method, (x̄T − x̄C)/|x̄C| with
 * se² = s²T/(nT·x̄C²) + x̄T²·s²C/(nC·x̄C⁴), then the posterior under the prior.
 */
export function gaussianPriorTest(
  control: MeanSummary,
  treatment: MeanSummary,
  options: GaussianPriorOptions = {},
): GaussianPosterior & { lift: number | null; standardError: number | null } {
  const problem = meanSummaryProblem(control, 'control') ?? meanSummaryProblem(treatment, 'treatment');
  if (problem) return { ...undefinedPosterior(problem), lift: null, standardError: null };
  if (control.mean === 0)
    return { ...undefinedPosterior('the control is 0, so the relative effect is undefined'), lift: null, standardError: null };
  const mc = control.mean;
  const lift = (treatment.mean - mc) / Math.abs(mc); // DESIGN.md: relative to |control|
  const standardError = Math.sqrt(
    treatment.variance / treatment.n / (mc * mc) +
      (treatment.mean * treatment.mean * control.variance) / control.n / (mc * mc * mc * mc),
  );
  const posterior = gaussianPriorPosterior({ lift, standardError }, options);
  return posterior.reason
    ? { ...posterior, lift: Number.isFinite(lift) ? lift : null, standardError: Number.isFinite(standardError) ? standardError : null }
    : { ...posterior, lift, standardError };
}
