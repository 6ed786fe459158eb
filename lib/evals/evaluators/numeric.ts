import type { EvalScore } from '@/db/schema';
import type { EvaluatorSpec } from '../schemas';
import { EvaluatorFailure, verdict } from './outcome';

type NumericSpec = Extract<EvaluatorSpec, { type: 'numeric' }>;

// A fixed pattern (ours, not an editor's), so the JS engine is fine. Thousands separators are
// taken only in groups of three ("1,234,567"), so "3,4" is two numbers; a minus counts only
// where it cannot be a hyphen ("GPT-4" is 4, not −4).
const FIRST_NUMBER = /(?:(?<![\p{L}\p{N}_])-)?(?:(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?/u;

/** The first number written in the text, or null. */
export function firstNumber(text: string): number | null {
  const match = FIRST_NUMBER.exec(text);
  if (!match) return null;
  const value = Number(match[0].replaceAll(',', ''));
  return Number.isFinite(value) ? value : null;
}

function expectedNumber(expected: unknown): number {
  if (typeof expected === 'number' && Number.isFinite(expected)) return expected;
  if (typeof expected === 'string' && expected.trim() !== '') {
    const n = Number(expected.trim().replaceAll(',', ''));
    if (Number.isFinite(n)) return n;
  }
  if (expected === undefined || expected === null) throw new EvaluatorFailure('numeric needs the item’s expected value');
  throw new EvaluatorFailure(`the expected value ${JSON.stringify(expected)} is not a number`);
}

/** Passes within the absolute or the relative tolerance; with both 0, only the exact value passes. */
export function numeric(spec: NumericSpec, output: string, expected: unknown): EvalScore {
  const target = expectedNumber(expected);
  const actual = firstNumber(output);
  if (actual === null) return verdict(false, 'no number in the output');
  const difference = Math.abs(actual - target);
  const pass = difference === 0 || difference <= spec.absolute || difference <= spec.relative * Math.abs(target);
  return verdict(pass, `${actual} against ${target}: ${pass ? 'within' : 'outside'} tolerance (difference ${difference})`);
}
