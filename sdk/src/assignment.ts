// Variant assignment by hashing, bit-for-bit GrowthBook's hash version 2:
//   n = fnv1a32(String(fnv1a32(seed + value))) % 10000 / 10000.
// Ranges follow GrowthBook's getBucketRanges: variant i owns [c_i, c_i + coverage·w_i) where
// c_i is the cumulative normalised weight before it. Raising coverage therefore only adds units
// and never moves one already in; a unit outside every range is not in the experiment
// (chooseVariant → −1). Reproducing an assignment takes more than the salt and the unit id: the
// seed (salt), the normalised weights in variant order, the coverage and the targeting condition,
// which GET /api/v1/experiments/{key} hands out as a GrowthBook experiment definition.

export type BucketRange = [start: number, end: number];

/**
 * 32-bit FNV-1a over UTF-16 code units (charCodeAt), exactly as GrowthBook's JS SDK.
 * Math.imul keeps the multiplication by the FNV prime 0x01000193 in 32-bit arithmetic.
 */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The unit's position in [0, 1), four decimals: GrowthBook hash version 2. */
export function hash(seed: string, value: string): number {
  return (fnv1a32(String(fnv1a32(seed + value))) % 10000) / 10000;
}

/** Weights as shares summing to 1, as serving and the GrowthBook definition both use them. */
export function normaliseWeights(weights: readonly number[]): number[] {
  const total = weights.reduce((sum, w) => sum + w, 0);
  return weights.map((w) => w / total);
}

export function equalWeights(numVariations: number): number[] {
  if (numVariations <= 0) return [];
  return new Array<number>(numVariations).fill(1 / numVariations);
}

/**
 * Consecutive ranges for the variants. As GrowthBook: coverage is clamped to [0, 1]; weights
 * of the wrong length, or not summing to 1 within ±0.01, fall back to equal weights.
 */
export function getBucketRanges(
  numVariations: number,
  coverage: number = 1,
  weights?: readonly number[] | null,
): BucketRange[] {
  const cover = Math.min(1, Math.max(0, coverage));
  const equal = equalWeights(numVariations);
  let w: readonly number[] = weights ?? equal;
  if (w.length !== numVariations) w = equal;
  const total = w.reduce((sum, x) => sum + x, 0);
  if (total < 0.99 || total > 1.01) w = equal;
  let cumulative = 0;
  return w.map((weight) => {
    const start = cumulative;
    cumulative += weight;
    return [start, start + cover * weight];
  });
}

/** Index of the range holding n (start inclusive, end exclusive), or −1 when none does. */
export function chooseVariant(n: number, ranges: readonly BucketRange[]): number {
  for (let i = 0; i < ranges.length; i++) if (n >= ranges[i][0] && n < ranges[i][1]) return i;
  return -1;
}
