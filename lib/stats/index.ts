// The statistics engine: pure, synchronous functions of sufficient statistics (DESIGN.md,
// "Statistics"). Sign convention everywhere: treatment − control; relative effects are
// (treatment − control) / |control|. Where a test is undefined the result says so: the value
// is null and `reason` explains; no result ever carries NaN or Infinity.
export type { ConversionSummary, Interval, MeanSummary } from './summaries';
export { DEFAULT_ALPHA, finiteOrNull, meanSummaryFromSums } from './summaries';
export { type WelchTestResult, welchTTest } from './means';
export { type TwoProportionTestResult, twoProportionTest } from './proportions';
export {
  SRM_MIN_UNITS_PER_VARIANT,
  SRM_P_VALUE_THRESHOLD,
  type SrmTestResult,
  isSampleRatioMismatch,
  srmTest,
} from './srm';
export { benjaminiHochberg, holm } from './multiple-testing';
export {
  type ChanceToBeat,
  type ExpectedLoss,
  betaBinomialChanceToBeat,
  chanceToBeatControl,
  conversionPosterior,
} from './bayesian';
export {
  DEFAULT_SEQUENTIAL_TUNING_PARAMETER,
  type SequentialComparison,
  type SequentialIntervalResult,
  sequentialInterval,
  sequentialMeansTest,
  sequentialProportionsTest,
} from './sequential';
export { DEFAULT_POWER, type SampleSize, sampleSizeMeans, sampleSizeProportions } from './power';
export {
  chiSquareSf,
  normalCdf,
  normalQuantile,
  normalSf,
  studentTCdf,
  studentTQuantile,
  studentTSf,
} from './distributions';
export { type DifferenceSums, type PairedSamples, type PairedTTestResult, pairedTTest } from './paired';
export { WILCOXON_EXACT_MAX_N, type WilcoxonResult, wilcoxonSignedRank } from './wilcoxon';
export { MCNEMAR_EXACT_BELOW, type McNemarCounts, type McNemarMethod, type McNemarResult, mcnemarTest } from './mcnemar';
export { type CupedAdjustment, type CupedSums, type CupedTestResult, cupedAdjust, cupedTest } from './cuped';
export {
  DEFAULT_PRIOR_MEAN,
  DEFAULT_PRIOR_SD,
  type GaussianPosterior,
  type GaussianPriorOptions,
  type RelativeLift,
  flatPriorPosterior,
  gaussianPriorPosterior,
  gaussianPriorTest,
} from './gaussian-prior';
export { type RatioSums, type RatioSummary, ratioSummary } from './ratio';
