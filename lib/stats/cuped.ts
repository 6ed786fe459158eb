// CUPED (Deng, Xu, Kohavi & Walker 2013): variance reduction with a pre-period covariate X
// of the metric Y. Y − θ(X − x̄) has the mean of Y but, with θ = cov(Y, X)/var(X), only
// (1 − ρ²) of its variance. θ is estimated once from both arms pooled, as GrowthBook does,
// so the same adjustment applies to both and the difference stays unbiased (randomisation
// makes X independent of the arm). The adjusted arms are ordinary mean summaries: Welch,
// sequential and Bayesian tests take them unchanged.
import { type WelchTestResult, welchTTest } from './means';
import { DEFAULT_ALPHA, type MeanSummary } from './summaries';

/** Per-arm sums over units of the metric Y and its pre-period covariate X. */
export type CupedSums = { n: number; sumY: number; sumYY: number; sumX: number; sumXX: number; sumXY: number };

export type CupedAdjustment = {
  control: MeanSummary | null;
  treatment: MeanSummary | null;
  /** cov(Y, X)/var(X) over both arms pooled; 0 when the covariate is constant */
  theta: number | null;
  /** 1 − Var(adjusted diff)/Var(unadjusted diff): the share of variance removed */
  varianceReduction: number | null;
  /** why some field is null, or why no adjustment was made; null otherwise */
  reason: string | null;
};

export type CupedTestResult = WelchTestResult & { theta: number | null; varianceReduction: number | null };

type Moments = { n: number; meanY: number; meanX: number; varY: number; varX: number; covXY: number };

function moments({ n, sumY, sumYY, sumX, sumXX, sumXY }: CupedSums): Moments {
  const meanY = sumY / n;
  const meanX = sumX / n;
  return {
    n,
    meanY,
    meanX,
    varY: Math.max(0, (sumYY - sumY * meanY) / (n - 1)),
    varX: Math.max(0, (sumXX - sumX * meanX) / (n - 1)),
    covXY: (sumXY - sumX * meanY) / (n - 1),
  };
}

function sumsProblem(sums: CupedSums, arm: string): string | null {
  const { n, sumY, sumYY, sumX, sumXX, sumXY } = sums;
  if (![n, sumY, sumYY, sumX, sumXX, sumXY].every(Number.isFinite)) return `${arm}: every sum must be a finite number`;
  if (n < 2) return `${arm} has ${n < 1 ? 'no units' : 'a single unit'}: a variance needs at least 2`;
  return null;
}

export function cupedAdjust(control: CupedSums, treatment: CupedSums): CupedAdjustment {
  const problem = sumsProblem(control, 'control') ?? sumsProblem(treatment, 'treatment');
  if (problem) return { control: null, treatment: null, theta: null, varianceReduction: null, reason: problem };

  const n = control.n + treatment.n;
  const sumX = control.sumX + treatment.sumX;
  const sumY = control.sumY + treatment.sumY;
  const pooledMeanX = sumX / n;
  const pooledVarX = (control.sumXX + treatment.sumXX - sumX * pooledMeanX) / (n - 1);
  const pooledCov = (control.sumXY + treatment.sumXY - (sumX * sumY) / n) / (n - 1);
  // A constant covariate explains nothing: no adjustment, and the test is the plain one.
  const constant = !(pooledVarX > 0);
  const theta = constant ? 0 : pooledCov / pooledVarX;

  const adjust = (m: Moments): MeanSummary => ({
    n: m.n,
    mean: m.meanY - theta * (m.meanX - pooledMeanX),
    variance: Math.max(0, m.varY - 2 * theta * m.covXY + theta * theta * m.varX),
  });
  const mc = moments(control);
  const mt = moments(treatment);
  const adjusted = { control: adjust(mc), treatment: adjust(mt) };
  const before = mc.varY / mc.n + mt.varY / mt.n;
  const after = adjusted.control.variance / mc.n + adjusted.treatment.variance / mt.n;
  const numbers = [theta, adjusted.control.mean, adjusted.control.variance, adjusted.treatment.mean, adjusted.treatment.variance];
  if (!numbers.every(Number.isFinite))
    return { control: null, treatment: null, theta: null, varianceReduction: null, reason: 'the numbers overflow double precision' };
  return {
    ...adjusted,
    theta,
    varianceReduction: before > 0 ? 1 - after / before : null,
    reason: constant
      ? 'the covariate is constant: no adjustment (θ = 0)'
      : before > 0
        ? null
        : 'the metric has zero variance in both arms: no variance to reduce',
  };
}

/** Welch's t-test on the CUPED-adjusted arms (θ's own uncertainty ignored, as GrowthBook). */
export function cupedTest(
  control: CupedSums,
  treatment: CupedSums,
  { alpha = DEFAULT_ALPHA }: { alpha?: number } = {},
): CupedTestResult {
  const adjustment = cupedAdjust(control, treatment);
  if (!adjustment.control || !adjustment.treatment)
    return {
      diff: null,
      ci: null,
      relativeDiff: null,
      relativeCi: null,
      t: null,
      df: null,
      pValue: null,
      standardError: null,
      theta: null,
      varianceReduction: null,
      reason: adjustment.reason,
    };
  const welch = welchTTest(adjustment.control, adjustment.treatment, { alpha });
  const reasons = [adjustment.reason, welch.reason].filter((r): r is string => r !== null);
  return {
    ...welch,
    theta: adjustment.theta,
    varianceReduction: adjustment.varianceReduction,
    reason: reasons.length ? reasons.join('; ') : null,
  };
}
