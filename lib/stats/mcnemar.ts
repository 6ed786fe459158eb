// McNemar's test for paired binary outcomes (the same items passed or failed under both
// arms). Only the discordant pairs carry information: b = control passed and treatment
// failed, c = control failed and treatment passed. Under the null each discordant pair goes
// either way with probability ½. Matches statsmodels' mcnemar: exact=True is the two-sided
// binomial test on min(b, c); exact=False, correction=True is (|b − c| − 1)²/(b + c) on χ²(1),
// including its quirk for b = c (statistic 1/(b + c), not 0).
import { chiSquareSf, normalUpperQuantile } from './distributions';
import { incompleteBeta } from './special-functions';
import { DEFAULT_ALPHA, type Interval, alphaProblem, finiteOrNull, intervalOrNull } from './summaries';

/** Below this many discordant pairs the default is the exact binomial test. */
export const MCNEMAR_EXACT_BELOW = 25;

export type McNemarMethod = 'exact' | 'chi-square';

export type McNemarCounts = {
  /** pairs where the control passed and the treatment failed */
  b: number;
  /** pairs where the control failed and the treatment passed */
  c: number;
  /** all pairs, concordant included; needed for the difference in pass rates */
  n?: number;
};

export type McNemarResult = {
  method: McNemarMethod;
  /** min(b, c) for the exact test, the corrected χ² for the chi-square one */
  statistic: number | null;
  pValue: number | null;
  /** treatment pass rate − control pass rate = (c − b)/n; null without n */
  diff: number | null;
  /** Wald interval of diff */
  ci: Interval | null;
  standardError: number | null;
  /** why some field is null; null when every field is defined */
  reason: string | null;
};

/** P(X ≤ k) for X ~ Binomial(m, ½), as I_½(m − k, k + 1): relative accuracy in the tail. */
function binomialHalfCdf(k: number, m: number): number {
  if (k >= m) return 1;
  return incompleteBeta(0.5, 0.5, m - k, k + 1).lower;
}

function countsProblem({ b, c, n }: McNemarCounts): string | null {
  if (![b, c].every((x) => Number.isInteger(x) && x >= 0)) return 'b and c must be counts (integers ≥ 0)';
  if (n !== undefined && !(Number.isInteger(n) && n >= b + c)) return 'n must be an integer of at least b + c';
  return null;
}

export function mcnemarTest(
  counts: McNemarCounts,
  { alpha = DEFAULT_ALPHA, method }: { alpha?: number; method?: McNemarMethod } = {},
): McNemarResult {
  const { b, c, n } = counts;
  const discordant = b + c;
  const chosen: McNemarMethod = method ?? (discordant < MCNEMAR_EXACT_BELOW ? 'exact' : 'chi-square');
  const empty: McNemarResult = { method: chosen, statistic: null, pValue: null, diff: null, ci: null, standardError: null, reason: null };
  const problem = alphaProblem(alpha) ?? countsProblem(counts);
  if (problem) return { ...empty, reason: problem };

  const reasons: string[] = [];
  let statistic: number | null = null;
  let pValue: number | null = null;
  if (discordant === 0) reasons.push('no discordant pairs: the test is undefined');
  else if (chosen === 'exact') {
    statistic = Math.min(b, c);
    pValue = Math.min(1, 2 * binomialHalfCdf(statistic, discordant));
  } else {
    statistic = (Math.abs(b - c) - 1) ** 2 / discordant;
    pValue = chiSquareSf(statistic, 1);
  }

  let diff: number | null = null;
  let ci: Interval | null = null;
  let standardError: number | null = null;
  if (n === undefined) reasons.push('the number of pairs n is not given: no difference in pass rates');
  else if (n === 0) reasons.push('no pairs yet');
  else {
    diff = (c - b) / n;
    // Var(p̂T − p̂C) = [(b + c)/n − ((c − b)/n)²]/n for paired proportions.
    const se = Math.sqrt(Math.max(0, discordant / n - diff * diff) / n);
    if (se > 0) {
      const critical = normalUpperQuantile(alpha / 2);
      standardError = se;
      ci = intervalOrNull(diff - critical * se, diff + critical * se);
    } else reasons.push('every pair is concordant, or every pair changed the same way: the interval is degenerate');
  }
  return {
    method: chosen,
    statistic: statistic === null ? null : finiteOrNull(statistic),
    pValue: pValue === null ? null : finiteOrNull(pValue),
    diff,
    ci,
    standardError,
    reason: reasons.length ? reasons.join('; ') : null,
  };
}
