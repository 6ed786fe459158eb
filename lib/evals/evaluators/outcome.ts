import type { EvalScore } from '@/db/schema';
import { canonicalJson } from '@/lib/canonical-json';

/**
 * The evaluator could not score the item (no expected value, a number it cannot read, a judge
 * that did not answer): the item gets a null score with this message, and the run goes on.
 */
export class EvaluatorFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EvaluatorFailure';
  }
}

/** A binary evaluator's answer: 1 and pass, or 0 and fail. */
export function verdict(pass: boolean, reason: string): EvalScore {
  return { score: pass ? 1 : 0, pass, reason };
}

export function failed(message: string): EvalScore {
  return { score: null, pass: null, error: message };
}

/** The item's expected value as text: strings as they are, anything else as its JSON; null when absent. */
export function expectedText(expected: unknown): string | null {
  if (expected === undefined || expected === null) return null;
  return typeof expected === 'string' ? expected : canonicalJson(expected);
}
