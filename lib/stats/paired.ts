// Paired t-test (scipy's ttest_rel): each unit is measured under both arms (the same prompt
// scored by the control and the treatment model), so the test runs on the per-pair
// differences d = treatment − control and the units' own spread cancels out.
import { studentTTwoSided, studentTUpperQuantile } from './distributions';
import { DEFAULT_ALPHA, type Interval, alphaProblem, finiteOrNull, intervalOrNull } from './summaries';

/** Raw pairs: control[i] and treatment[i] belong to the same unit. */
export type PairedSamples = { control: readonly number[]; treatment: readonly number[] };

/** Sufficient statistics of the differences d = treatment − control, as SQL returns them. */
export type DifferenceSums = { n: number; sum: number; sumSquares: number };

export type PairedTTestResult = {
  /** pairs used */
  n: number;
  /** mean of treatment − control */
  meanDiff: number | null;
  ci: Interval | null;
  t: number | null;
  /** n − 1 */
  df: number | null;
  pValue: number | null;
  /** standard error of meanDiff: sd(d)/√n */
  standardError: number | null;
  /** why some field is null; null when every field is defined */
  reason: string | null;
};

type DifferenceStats = { n: number; mean: number; variance: number; problem: string | null };
const invalid = (problem: string, n = 0): DifferenceStats => ({ n, mean: 0, variance: 0, problem });

function fromSamples({ control, treatment }: PairedSamples): DifferenceStats {
  if (control.length !== treatment.length)
    return invalid(`the arms must be paired: ${control.length} control and ${treatment.length} treatment values`);
  const n = control.length;
  const d = control.map((c, i) => treatment[i] - c);
  if (!d.every(Number.isFinite)) return invalid('every value must be a finite number', n);
  if (n === 0) return invalid('no pairs yet');
  const mean = d.reduce((s, x) => s + x, 0) / n;
  // Two passes: raw values are at hand, so no one-pass cancellation.
  const variance = n > 1 ? d.reduce((s, x) => s + (x - mean) * (x - mean), 0) / (n - 1) : 0;
  return { mean, variance, n, problem: null };
}

function fromSums({ n, sum, sumSquares }: DifferenceSums): DifferenceStats {
  if (![n, sum, sumSquares].every(Number.isFinite) || n < 0)
    return invalid('n, sum and sumSquares must be finite numbers, n at least 0');
  if (n === 0) return invalid('no pairs yet');
  const mean = sum / n;
  const variance = n > 1 ? Math.max(0, (sumSquares - sum * mean) / (n - 1)) : 0;
  return { mean, variance, n, problem: null };
}

export function pairedTTest(
  data: PairedSamples | DifferenceSums,
  { alpha = DEFAULT_ALPHA }: { alpha?: number } = {},
): PairedTTestResult {
  const stats = 'control' in data ? fromSamples(data) : fromSums(data);
  const undefinedResult = (reason: string, meanDiff: number | null = null): PairedTTestResult => ({
    n: stats.n,
    meanDiff: meanDiff === null ? null : finiteOrNull(meanDiff),
    ci: null,
    t: null,
    df: null,
    pValue: null,
    standardError: null,
    reason,
  });
  const problem = alphaProblem(alpha) ?? stats.problem;
  if (problem) return undefinedResult(problem);
  const { n, mean, variance } = stats;
  if (n < 2) return undefinedResult('a single pair: a variance needs at least 2', mean);

  const standardError = Math.sqrt(variance / n);
  if (!(standardError > 0))
    return undefinedResult('every pair has the same difference (zero variance): the test is undefined', mean);
  const df = n - 1;
  const t = mean / standardError;
  const critical = studentTUpperQuantile(alpha / 2, df);
  const result: PairedTTestResult = {
    n,
    meanDiff: mean,
    ci: intervalOrNull(mean - critical * standardError, mean + critical * standardError),
    t: finiteOrNull(t),
    df,
    pValue: finiteOrNull(studentTTwoSided(t, df)),
    standardError: finiteOrNull(standardError),
    reason: null,
  };
  if (result.t === null || result.pValue === null || result.ci === null || result.standardError === null)
    return undefinedResult('the numbers overflow double precision', mean);
  return result;
}
