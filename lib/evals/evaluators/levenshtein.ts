import type { EvalScore } from '@/db/schema';
import type { EvaluatorSpec } from '../schemas';
import { EvaluatorFailure, expectedText } from './outcome';

type LevenshteinSpec = Extract<EvaluatorSpec, { type: 'levenshtein' }>;

/** The DP is O(n·m) on the worker's event loop: 5,000 × 5,000 code points is about 60 ms of CPU (20,000² took a second). */
export const MAX_LEVENSHTEIN_CODE_POINTS = 5_000;

/**
 * Edit distance (insertions, deletions, substitutions) over Unicode code points, so an emoji or
 * an accented letter counts as one character. One row of the table at a time, over the shorter
 * string: memory O(min(n, m)). The common prefix and suffix cost nothing and are cut first.
 */
export function levenshteinDistance(a: readonly number[], b: readonly number[]): number {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) endA--, endB--;
  let long = a.slice(start, endA);
  let short = b.slice(start, endB);
  if (short.length > long.length) [long, short] = [short, long];
  if (short.length === 0) return long.length;

  const row = new Uint32Array(short.length + 1);
  for (let j = 0; j <= short.length; j++) row[j] = j;
  for (let i = 1; i <= long.length; i++) {
    let diagonal = row[0]!; // the cell above-left, before this row overwrites it
    row[0] = i;
    const c = long[i - 1];
    for (let j = 1; j <= short.length; j++) {
      const above = row[j]!;
      const substitution = diagonal + (c === short[j - 1] ? 0 : 1);
      const best = Math.min(above + 1, row[j - 1]! + 1, substitution);
      diagonal = above;
      row[j] = best;
    }
  }
  return row[short.length]!;
}

const codePoints = (text: string) => Array.from(text, (ch) => ch.codePointAt(0)!);

/** 1 − distance / longer length; two empty strings are identical (1). */
export function similarity(a: string, b: string): number {
  const x = codePoints(a);
  const y = codePoints(b);
  const longer = Math.max(x.length, y.length);
  return longer === 0 ? 1 : 1 - levenshteinDistance(x, y) / longer;
}

export function levenshtein(spec: LevenshteinSpec, output: string, expected: unknown): EvalScore {
  const target = expectedText(expected);
  if (target === null) throw new EvaluatorFailure('levenshtein needs the item’s expected value');
  const x = codePoints(output);
  const y = codePoints(target);
  for (const [what, points] of [['output', x], ['expected value', y]] as const) {
    if (points.length > MAX_LEVENSHTEIN_CODE_POINTS) {
      throw new EvaluatorFailure(`the ${what} is ${points.length} characters long; levenshtein compares at most ${MAX_LEVENSHTEIN_CODE_POINTS}`);
    }
  }
  const longer = Math.max(x.length, y.length);
  const distance = levenshteinDistance(x, y);
  const score = longer === 0 ? 1 : 1 - distance / longer;
  const pass = score >= spec.threshold;
  return { score, pass, reason: `edit distance ${distance} over ${longer} characters: similarity ${score.toFixed(3)}${pass ? ' ≥ ' : ' < '}${spec.threshold}` };
}
