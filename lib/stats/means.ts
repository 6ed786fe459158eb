// Welch's t-test on two means (scipy's ttest_ind_from_stats with equal_var=False).
import { studentTTwoSided, studentTUpperQuantile } from './distributions';
import { ZERO_CONTROL_REASON, relativeEffect } from './effects';
import {
  DEFAULT_ALPHA,
  type Interval,
  type MeanSummary,
  alphaProblem,
  finiteOrNull,
  intervalOrNull,
  meanSummaryProblem,
} from './summaries';

export type WelchTestResult = {
  /** treatment − control */
  diff: number | null;
  ci: Interval | null;
  /** (treatment − control) / |control| */
  relativeDiff: number | null;
  relativeCi: Interval | null;
  t: number | null;
  /** Welch–Satterthwaite degrees of freedom */
  df: number | null;
  pValue: number | null;
  /** standard error of diff */
  standardError: number | null;
  /** why some field is null; null when every field is defined */
  reason: string | null;
};

/** Welch–Satterthwaite df from the variances of the two means (scaled so huge values cannot overflow). */
export function welchDegreesOfFreedom(varMeanC: number, nC: number, varMeanT: number, nT: number): number {
  const total = varMeanC + varMeanT;
  const c = varMeanC / total;
  const t = varMeanT / total;
  return 1 / ((c * c) / (nC - 1) + (t * t) / (nT - 1));
}

export function welchTTest(
  control: MeanSummary,
  treatment: MeanSummary,
  { alpha = DEFAULT_ALPHA }: { alpha?: number } = {},
): WelchTestResult {
  const undefinedResult = (reason: string, diff: number | null = null): WelchTestResult => ({
    diff,
    ci: null,
    relativeDiff: diff !== null && control.mean !== 0 ? finiteOrNull(diff / Math.abs(control.mean)) : null,
    relativeCi: null,
    t: null,
    df: null,
    pValue: null,
    standardError: null,
    reason,
  });

  const problem =
    alphaProblem(alpha) ?? meanSummaryProblem(control, 'control') ?? meanSummaryProblem(treatment, 'treatment');
  if (problem) {
    const means = [control.mean, treatment.mean, control.n, treatment.n];
    const haveMeans = means.every(Number.isFinite) && control.n >= 1 && treatment.n >= 1;
    return undefinedResult(problem, haveMeans ? finiteOrNull(treatment.mean - control.mean) : null);
  }

  const diff = treatment.mean - control.mean;
  const varMeanC = control.variance / control.n;
  const varMeanT = treatment.variance / treatment.n;
  const standardError = Math.sqrt(varMeanC + varMeanT);
  if (!(standardError > 0)) return undefinedResult('both variants have zero variance: the test is undefined', diff);

  const df = welchDegreesOfFreedom(varMeanC, control.n, varMeanT, treatment.n);
  const t = diff / standardError;
  const critical = studentTUpperQuantile(alpha / 2, df);
  const relative = relativeEffect(
    { value: control.mean, variance: varMeanC },
    { value: treatment.mean, variance: varMeanT },
    critical,
  );
  const result: WelchTestResult = {
    diff,
    ci: intervalOrNull(diff - critical * standardError, diff + critical * standardError),
    relativeDiff: relative ? finiteOrNull(relative.relativeDiff) : null,
    relativeCi: relative?.relativeCi ?? null,
    t: finiteOrNull(t),
    df: finiteOrNull(df),
    pValue: finiteOrNull(studentTTwoSided(t, df)),
    standardError: finiteOrNull(standardError),
    reason: relative ? null : ZERO_CONTROL_REASON,
  };
  if (result.t === null || result.df === null || result.pValue === null || result.ci === null)
    return undefinedResult('the numbers overflow double precision', finiteOrNull(diff));
  return result;
}
