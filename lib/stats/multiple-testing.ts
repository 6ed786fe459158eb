// Adjusted p-values for several treatments against one control. Both return the adjusted
// values in input order; a null p-value (an undefined test) stays null and is not counted.

function adjust(
  pValues: readonly (number | null)[],
  adjusted: (sorted: number[]) => number[],
): (number | null)[] {
  const defined = pValues
    .map((p, index) => ({ p, index }))
    .filter((e): e is { p: number; index: number } => e.p !== null && Number.isFinite(e.p))
    .sort((a, b) => a.p - b.p);
  const values = adjusted(defined.map((e) => e.p));
  const out: (number | null)[] = pValues.map(() => null);
  defined.forEach((e, rank) => (out[e.index] = values[rank]));
  return out;
}

/**
 * Holm–Bonferroni step-down: p_(i) · (m − i + 1), made monotone non-decreasing, capped at 1.
 * Controls the family-wise error rate under any dependence.
 */
export function holm(pValues: readonly number[]): number[];
export function holm(pValues: readonly (number | null)[]): (number | null)[];
export function holm(pValues: readonly (number | null)[]): (number | null)[] {
  return adjust(pValues, (sorted) => {
    const m = sorted.length;
    let running = 0;
    return sorted.map((p, i) => (running = Math.min(1, Math.max(running, (m - i) * p))));
  });
}

/**
 * Benjamini–Hochberg step-up: p_(i) · m / i, made monotone from the largest down, capped at 1.
 * Controls the false discovery rate (independent or positively dependent tests).
 */
export function benjaminiHochberg(pValues: readonly number[]): number[];
export function benjaminiHochberg(pValues: readonly (number | null)[]): (number | null)[];
export function benjaminiHochberg(pValues: readonly (number | null)[]): (number | null)[] {
  return adjust(pValues, (sorted) => {
    const m = sorted.length;
    const out = new Array<number>(m);
    let running = 1;
    // p · (m/i) rather than (p · m)/i: the factor is ≥ 1 exactly, so no result drops below p.
    for (let i = m - 1; i >= 0; i--) out[i] = running = Math.min(running, sorted[i] * (m / (i + 1)));
    return out;
  });
}
