import type { EvalScore } from '@/db/schema';
import { canonicalJson } from '@/lib/canonical-json';
import type { EvaluatorSpec } from '../schemas';
import { EvaluatorFailure, expectedText, verdict } from './outcome';

type Spec<T extends EvaluatorSpec['type']> = Extract<EvaluatorSpec, { type: T }>;

const fold = (text: string, caseSensitive: boolean) => (caseSensitive ? text : text.toLowerCase());

/**
 * A string expected value is compared as text; anything else (a number, an object) as JSON:
 * the output is parsed and both are printed canonically, so key order and spacing do not count.
 */
export function exact(spec: Spec<'exact'>, output: string, expected: unknown): EvalScore {
  if (expected === undefined || expected === null) throw new EvaluatorFailure('exact needs the item’s expected value');
  if (typeof expected === 'string') {
    const clean = (s: string) => fold(spec.trim ? s.trim() : s, spec.caseSensitive);
    const equal = clean(output) === clean(expected);
    return verdict(equal, equal ? 'the output equals the expected text' : 'the output differs from the expected text');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(output.trim());
  } catch {
    return verdict(false, 'the output is not JSON, and the expected value is');
  }
  const equal = canonicalJson(parsed) === canonicalJson(expected);
  return verdict(equal, equal ? 'the output’s JSON equals the expected value' : 'the output’s JSON differs from the expected value');
}

export function contains(spec: Spec<'contains'>, output: string, expected: unknown): EvalScore {
  const needle = spec.value ?? expectedText(expected);
  if (needle === null) throw new EvaluatorFailure('contains needs a value or the item’s expected value');
  const found = fold(output, spec.caseSensitive).includes(fold(needle, spec.caseSensitive));
  const shown = JSON.stringify(needle.length > 80 ? `${needle.slice(0, 80)}…` : needle);
  return verdict(found, found ? `the output contains ${shown}` : `the output does not contain ${shown}`);
}

/** Length in characters as a reader counts them (code points), not UTF-16 units. */
export function length(spec: Spec<'length'>, output: string): EvalScore {
  const n = codePointCount(output);
  if (spec.min !== undefined && n < spec.min) return verdict(false, `${n} characters, fewer than ${spec.min}`);
  if (spec.max !== undefined && n > spec.max) return verdict(false, `${n} characters, more than ${spec.max}`);
  return verdict(true, `${n} characters`);
}

export function codePointCount(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}
