// Wilcoxon signed-rank test on paired samples, as scipy.stats.wilcoxon with
// zero_method='wilcox' (zero differences are dropped), correction=False, two-sided. A rank
// test needs the values themselves, not sums: it is for paired evaluations (scores of the
// same items under two arms), where the pairs are few and at hand, and it is robust to the
// heavy tails and coarse scales (1–5 judge scores) that make a paired t-test unreliable.
import { normalTwoSided } from './distributions';
import type { PairedSamples } from './paired';

/** scipy's method='auto': the exact null distribution up to this many non-zero pairs. */
export const WILCOXON_EXACT_MAX_N = 50;

export type WilcoxonResult = {
  /** pairs with a non-zero difference: the ones ranked */
  n: number;
  /** min(W+, W−), as scipy reports for the two-sided test */
  statistic: number | null;
  /** sum of the ranks of |d| where treatment > control */
  wPlus: number | null;
  pValue: number | null;
  /** 'exact' without ties or zeros and n ≤ 50, else the normal approximation */
  method: 'exact' | 'normal' | null;
  /** the standardised statistic of the normal approximation (null for the exact method) */
  z: number | null;
  /** median of treatment − control over all pairs, zeros included */
  medianDiff: number | null;
  /** why some field is null; null when every field is defined */
  reason: string | null;
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Average ranks of the values (ties share the mean of their positions) and the tie sizes. */
function averageRanks(values: number[]): { ranks: number[]; tieSizes: number[] } {
  const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
  const ranks = new Array<number>(values.length);
  const tieSizes: number[] = [];
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && values[order[j + 1]] === values[order[i]]) j++;
    for (let k = i; k <= j; k++) ranks[order[k]] = (i + j + 2) / 2;
    tieSizes.push(j - i + 1);
    i = j + 1;
  }
  return { ranks, tieSizes };
}

/**
 * counts[w] = how many of the 2^n sign assignments of the ranks 1..n give W+ = w. Counts stay
 * below 2^50, so doubles hold them exactly.
 */
function signedRankCounts(n: number): number[] {
  let counts = [1];
  for (let k = 1; k <= n; k++) {
    const next = [...counts, ...new Array<number>(k).fill(0)];
    for (let w = 0; w < counts.length; w++) next[w + k] += counts[w];
    counts = next;
  }
  return counts;
}

function exactPValue(wPlus: number, n: number): number {
  const counts = signedRankCounts(n);
  let less = 0;
  let greater = 0;
  counts.forEach((c, w) => {
    if (w <= wPlus) less += c;
    if (w >= wPlus) greater += c;
  });
  return Math.min(1, (2 * Math.min(less, greater)) / 2 ** n);
}

export function wilcoxonSignedRank({ control, treatment }: PairedSamples): WilcoxonResult {
  const undefinedResult = (reason: string, n = 0, medianDiff: number | null = null): WilcoxonResult => ({
    n,
    statistic: null,
    wPlus: null,
    pValue: null,
    method: null,
    z: null,
    medianDiff,
    reason,
  });
  if (control.length !== treatment.length)
    return undefinedResult(`the arms must be paired: ${control.length} control and ${treatment.length} treatment values`);
  const diffs = control.map((c, i) => treatment[i] - c);
  if (!diffs.every(Number.isFinite)) return undefinedResult('every value must be a finite number');
  if (diffs.length === 0) return undefinedResult('no pairs yet');
  const medianDiff = median(diffs);
  const nonZero = diffs.filter((d) => d !== 0);
  const n = nonZero.length;
  if (n === 0) return undefinedResult('every difference is zero: nothing to rank', 0, medianDiff);

  const { ranks, tieSizes } = averageRanks(nonZero.map(Math.abs));
  const wPlus = ranks.reduce((s, r, i) => (nonZero[i] > 0 ? s + r : s), 0);
  const wMinus = (n * (n + 1)) / 2 - wPlus;
  const statistic = Math.min(wPlus, wMinus);
  const exact = n <= WILCOXON_EXACT_MAX_N && n === diffs.length && tieSizes.every((t) => t === 1);
  if (exact) return { n, statistic, wPlus, pValue: exactPValue(wPlus, n), method: 'exact', z: null, medianDiff, reason: null };

  // Ties shrink the variance of W+ by Σ(t³ − t)/48.
  const tieTerm = tieSizes.reduce((s, t) => s + t * t * t - t, 0);
  const variance = (n * (n + 1) * (2 * n + 1) - tieTerm / 2) / 24;
  const z = (statistic - (n * (n + 1)) / 4) / Math.sqrt(variance);
  return { n, statistic, wPlus, pValue: normalTwoSided(z), method: 'normal', z, medianDiff, reason: null };
}
