import { RE2JS } from 're2js';
import type { EvalScore } from '@/db/schema';
import type { EvaluatorSpec } from '../schemas';
import { EvaluatorFailure, verdict } from './outcome';

type RegexSpec = Extract<EvaluatorSpec, { type: 'regex' }>;

// Patterns come from editors and run on model output: RE2 matches in time linear in the input,
// so no pattern (`(a+)+$` and friends) can stall a worker the way a backtracking engine would.
const FLAGS: Record<string, number> = { i: RE2JS.CASE_INSENSITIVE, m: RE2JS.MULTILINE, s: RE2JS.DOTALL };

// A run scores thousands of items with the same few patterns.
const compiled = new Map<string, RE2JS>();
const CACHE_LIMIT = 500;

/** The RE2 program for a pattern; throws EvaluatorFailure naming what RE2 could not read. */
export function compilePattern(pattern: string, flags = ''): RE2JS {
  const key = `${flags}\u0000${pattern}`;
  let hit = compiled.get(key);
  if (!hit) {
    try {
      hit = RE2JS.compile(pattern, [...flags].reduce((sum, f) => sum | (FLAGS[f] ?? 0), 0));
    } catch (error) {
      throw new EvaluatorFailure(`the pattern ${JSON.stringify(pattern)} is not valid RE2 syntax: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (compiled.size >= CACHE_LIMIT) compiled.delete(compiled.keys().next().value!);
    compiled.set(key, hit);
  }
  return hit;
}

export function regex(spec: RegexSpec, output: string): EvalScore {
  const matched = compilePattern(spec.pattern, spec.flags).test(output);
  return verdict(matched, matched ? 'the output matches the pattern' : 'the output does not match the pattern');
}
