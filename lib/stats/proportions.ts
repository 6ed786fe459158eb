// Two-proportion z-test: pooled standard error for the p-value (the null says both rates
// are equal), unpooled for the interval (which must not assume the null).
import { normalTwoSided, normalUpperQuantile } from './distributions';
import { ZERO_CONTROL_REASON, relativeEffect } from './effects';
import {
  type ConversionSummary,
  DEFAULT_ALPHA,
  type Interval,
  alphaProblem,
  conversionSummaryProblem,
  finiteOrNull,
  intervalOrNull,
} from './summaries';

export type TwoProportionTestResult = {
  /** treatment rate − control rate */
  diff: number | null;
  ci: Interval | null;
  /** (treatment rate − control rate) / control rate */
  relativeDiff: number | null;
  relativeCi: Interval | null;
  z: number | null;
  pValue: number | null;
  /** unpooled standard error of diff (the one behind ci) */
  standardError: number | null;
  /** why some field is null; null when every field is defined */
  reason: string | null;
};

export function twoProportionTest(
  control: ConversionSummary,
  treatment: ConversionSummary,
  { alpha = DEFAULT_ALPHA }: { alpha?: number } = {},
): TwoProportionTestResult {
  const problem =
    alphaProblem(alpha) ??
    conversionSummaryProblem(control, 'control') ??
    conversionSummaryProblem(treatment, 'treatment');
  if (problem)
    return {
      diff: null,
      ci: null,
      relativeDiff: null,
      relativeCi: null,
      z: null,
      pValue: null,
      standardError: null,
      reason: problem,
    };

  const reasons: string[] = [];
  const pC = control.conversions / control.n;
  const pT = treatment.conversions / treatment.n;
  const diff = pT - pC;

  const pooled = (control.conversions + treatment.conversions) / (control.n + treatment.n);
  const pooledSe = Math.sqrt(pooled * (1 - pooled) * (1 / control.n + 1 / treatment.n));
  let z: number | null = null;
  let pValue: number | null = null;
  if (pooledSe > 0) {
    z = finiteOrNull(diff / pooledSe);
    pValue = z === null ? null : normalTwoSided(z);
  } else {
    reasons.push(
      pooled === 0
        ? 'no unit converted in either variant: the test is undefined'
        : 'every unit converted in both variants: the test is undefined',
    );
  }

  const varC = (pC * (1 - pC)) / control.n;
  const varT = (pT * (1 - pT)) / treatment.n;
  const standardError = Math.sqrt(varC + varT);
  const critical = normalUpperQuantile(alpha / 2);
  let ci: Interval | null = null;
  if (standardError > 0) ci = intervalOrNull(diff - critical * standardError, diff + critical * standardError);
  else if (pooledSe > 0) reasons.push('each variant is at 0% or 100%, so the interval is degenerate');

  const relative = relativeEffect({ value: pC, variance: varC }, { value: pT, variance: varT }, critical);
  if (!relative) reasons.push(ZERO_CONTROL_REASON);

  return {
    diff,
    ci,
    relativeDiff: relative ? finiteOrNull(relative.relativeDiff) : null,
    relativeCi: relative?.relativeCi ?? null,
    z,
    pValue,
    standardError: standardError > 0 ? standardError : null,
    reason: reasons.length ? reasons.join('; ') : null,
  };
}
