// Always-valid confidence intervals, so results may be watched every day without inflating
// false positives: GrowthBook's sequential testing (gbstats, SequentialTwoSidedTTest), the
// asymptotic confidence sequences of Howard et al. (2021) with a normal mixture, in the form
// of Waudby-Smith et al. (arXiv 2103.06476v7): half-width eq. 9, mixing parameter eq. 161,
// always-valid p-value eq. 155 (the reciprocal of an e-value).
//
// The tuning parameter N is GrowthBook's "sequential tuning parameter": the total number of
// units in the two arms compared at which the sequence is tightest. Default 5,000 as in
// GrowthBook. Set it near the sample size the experiment is expected to reach, before it
// starts, and never change it while the experiment runs (choosing N after seeing the data
// voids the guarantee). A wrong N costs width, never validity.
import { ZERO_CONTROL_REASON, relativeEffect } from './effects';
import {
  type ConversionSummary,
  DEFAULT_ALPHA,
  type Interval,
  type MeanSummary,
  alphaProblem,
  conversionSummaryProblem,
  finiteOrNull,
  intervalOrNull,
  meanSummaryProblem,
} from './summaries';

export const DEFAULT_SEQUENTIAL_TUNING_PARAMETER = 5000;

export type SequentialOptions = { alpha?: number; tuningParameter?: number };

/** ρ = √((−2 ln α + ln(−2 ln α + 1)) / N) (eq. 161, two-sided). */
export function sequentialRho(alpha: number, tuningParameter: number): number {
  const logAlpha = Math.log(alpha);
  return Math.sqrt((-2 * logAlpha + Math.log(-2 * logAlpha + 1)) / tuningParameter);
}

/**
 * Half-width (eq. 9) for an estimate with standard error `standardError` from `n` units in
 * total: with s² = SE²·n the per-unit variance,
 * s · √(2(nρ² + 1) · ln(√(nρ² + 1)/α) / (nρ)²).
 */
export function sequentialHalfWidth(standardError: number, n: number, alpha: number, tuningParameter: number): number {
  const rho = sequentialRho(alpha, tuningParameter);
  const nRho2 = n * rho * rho;
  const s2 = standardError * standardError * n;
  return Math.sqrt(s2) * Math.sqrt((2 * (nRho2 + 1) * Math.log(Math.sqrt(nRho2 + 1) / alpha)) / (n * rho) ** 2);
}

/**
 * Always-valid p-value (eq. 155): 1 / e-value with
 * e = exp(ρ²·n·θ̂²/SE² / (2(nρ² + 1))) / √(nρ² + 1), computed in logs so it cannot overflow.
 * It is below α exactly when the interval excludes 0.
 */
export function sequentialPValue(
  estimate: number,
  standardError: number,
  n: number,
  alpha: number,
  tuningParameter: number,
): number {
  const rho = sequentialRho(alpha, tuningParameter);
  const tr2p1 = n * rho * rho + 1;
  const st2 = (estimate * estimate * n) / (standardError * standardError);
  const logEValue = (rho * rho * st2) / (2 * tr2p1) - 0.5 * Math.log(tr2p1);
  return Math.min(1, Math.exp(-logEValue));
}

export type SequentialIntervalResult = {
  ci: Interval | null;
  halfWidth: number | null;
  pValue: number | null;
  reason: string | null;
};

function optionsProblem(alpha: number, tuningParameter: number): string | null {
  return (
    alphaProblem(alpha) ??
    (Number.isFinite(tuningParameter) && tuningParameter > 0 ? null : 'the tuning parameter must be positive')
  );
}

/**
 * The always-valid interval around any asymptotically normal estimate: a difference of
 * means, of proportions, or a relative effect with its delta-method standard error.
 * `n` is the total number of units in both arms.
 */
export function sequentialInterval({
  estimate,
  standardError,
  n,
  alpha = DEFAULT_ALPHA,
  tuningParameter = DEFAULT_SEQUENTIAL_TUNING_PARAMETER,
}: { estimate: number; standardError: number; n: number } & SequentialOptions): SequentialIntervalResult {
  const undefinedResult = (reason: string) => ({ ci: null, halfWidth: null, pValue: null, reason });
  const problem = optionsProblem(alpha, tuningParameter);
  if (problem) return undefinedResult(problem);
  if (!Number.isFinite(estimate) || !Number.isFinite(standardError)) return undefinedResult('the estimate is not finite');
  if (!(n >= 1)) return undefinedResult('no units yet');
  if (!(standardError > 0)) return undefinedResult('the standard error is 0: the interval is undefined');
  const halfWidth = sequentialHalfWidth(standardError, n, alpha, tuningParameter);
  const ci = intervalOrNull(estimate - halfWidth, estimate + halfWidth);
  const pValue = finiteOrNull(sequentialPValue(estimate, standardError, n, alpha, tuningParameter));
  if (!ci || pValue === null) return undefinedResult('the numbers overflow double precision');
  return { ci, halfWidth, pValue, reason: null };
}

export type SequentialComparison = {
  diff: number | null;
  ci: Interval | null;
  relativeDiff: number | null;
  relativeCi: Interval | null;
  /** always-valid p-value of the absolute difference */
  pValue: number | null;
  reason: string | null;
};

function compare(
  control: { value: number; variance: number },
  treatment: { value: number; variance: number },
  n: number,
  alpha: number,
  tuningParameter: number,
): SequentialComparison {
  const diff = treatment.value - control.value;
  const absolute = sequentialInterval({
    estimate: diff,
    standardError: Math.sqrt(control.variance + treatment.variance),
    n,
    alpha,
    tuningParameter,
  });
  // The delta-method standard error, without a fixed-horizon critical value.
  const relative = relativeEffect(control, treatment, 1);
  const relativeInterval =
    relative &&
    sequentialInterval({
      estimate: relative.relativeDiff,
      standardError: relative.standardError,
      n,
      alpha,
      tuningParameter,
    });
  return {
    diff,
    ci: absolute.ci,
    relativeDiff: relative ? finiteOrNull(relative.relativeDiff) : null,
    relativeCi: relativeInterval?.ci ?? null,
    pValue: absolute.pValue,
    reason: absolute.reason ?? (relative ? null : ZERO_CONTROL_REASON),
  };
}

const undefinedComparison = (reason: string): SequentialComparison => ({
  diff: null,
  ci: null,
  relativeDiff: null,
  relativeCi: null,
  pValue: null,
  reason,
});

/** Sequential counterpart of welchTTest. */
export function sequentialMeansTest(
  control: MeanSummary,
  treatment: MeanSummary,
  { alpha = DEFAULT_ALPHA, tuningParameter = DEFAULT_SEQUENTIAL_TUNING_PARAMETER }: SequentialOptions = {},
): SequentialComparison {
  const problem = meanSummaryProblem(control, 'control') ?? meanSummaryProblem(treatment, 'treatment');
  if (problem) return undefinedComparison(problem);
  return compare(
    { value: control.mean, variance: control.variance / control.n },
    { value: treatment.mean, variance: treatment.variance / treatment.n },
    control.n + treatment.n,
    alpha,
    tuningParameter,
  );
}

/** Sequential counterpart of twoProportionTest (unpooled standard error, as GrowthBook). */
export function sequentialProportionsTest(
  control: ConversionSummary,
  treatment: ConversionSummary,
  { alpha = DEFAULT_ALPHA, tuningParameter = DEFAULT_SEQUENTIAL_TUNING_PARAMETER }: SequentialOptions = {},
): SequentialComparison {
  const problem = conversionSummaryProblem(control, 'control') ?? conversionSummaryProblem(treatment, 'treatment');
  if (problem) return undefinedComparison(problem);
  const pC = control.conversions / control.n;
  const pT = treatment.conversions / treatment.n;
  return compare(
    { value: pC, variance: (pC * (1 - pC)) / control.n },
    { value: pT, variance: (pT * (1 - pT)) / treatment.n },
    control.n + treatment.n,
    alpha,
    tuningParameter,
  );
}

