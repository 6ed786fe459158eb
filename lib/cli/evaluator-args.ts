import fs from 'node:fs';
import { UsageError } from './command';

// `--evaluator TYPE` for the evaluators that need at most one parameter, so that a quick run
// needs no file: exact, contains, json_valid, levenshtein[:threshold], regex:PATTERN,
// judge:PROMPT:SCALE. Anything richer goes in `--evaluators FILE_OR_JSON`. The zod schema of
// the run checks the result; here only the shorthand is read.

const SCALES = ['binary', '1-5', '0-1'];

/** The evaluator specs the shorthand names, each named after its type (`regex`, `regex-2` …). */
export function evaluatorsFromShorthand(list: string[]): Record<string, unknown>[] {
  const taken = new Map<string, number>();
  const nameFor = (stem: string) => {
    const n = (taken.get(stem) ?? 0) + 1;
    taken.set(stem, n);
    return n === 1 ? stem : `${stem}-${n}`;
  };
  return list.map((arg) => {
    const colon = arg.indexOf(':');
    const type = colon < 0 ? arg : arg.slice(0, colon);
    const rest = colon < 0 ? undefined : arg.slice(colon + 1);
    switch (type) {
      case 'exact':
      case 'contains':
      case 'json_valid':
        if (rest !== undefined) throw new UsageError(`--evaluator ${type} takes no parameter (use --evaluators for options)`);
        return { type, name: nameFor(type) };
      case 'levenshtein': {
        if (rest === undefined) return { type, name: nameFor(type) };
        const threshold = Number(rest);
        if (rest.trim() === '' || !Number.isFinite(threshold)) throw new UsageError(`--evaluator levenshtein:THRESHOLD needs a number from 0 to 1, got "${rest}"`);
        return { type, name: nameFor(type), threshold };
      }
      case 'regex':
        if (!rest) throw new UsageError('--evaluator regex:PATTERN needs a pattern');
        return { type, name: nameFor(type), pattern: rest };
      case 'judge': {
        // The prompt name may hold `/`, never `:`; the scale is the last part.
        const at = rest?.lastIndexOf(':') ?? -1;
        const prompt = at > 0 ? rest!.slice(0, at) : '';
        const scale = at > 0 ? rest!.slice(at + 1) : '';
        if (!prompt || !SCALES.includes(scale)) throw new UsageError(`--evaluator judge:PROMPT:SCALE needs a judge prompt and a scale (${SCALES.join(', ')})`);
        return { type, name: nameFor('judge'), prompt, scale };
      }
      default:
        throw new UsageError(`--evaluator ${arg}: unknown shorthand (exact, contains, json_valid, levenshtein[:threshold], regex:PATTERN, judge:PROMPT:SCALE; others via --evaluators)`);
    }
  });
}

/** `--evaluators`: a JSON array given inline, or the path of a file holding one. */
export function evaluatorsFromJson(value: string): unknown {
  const inline = /^\s*[[{]/.test(value);
  let text = value;
  if (!inline) {
    try {
      text = fs.readFileSync(value, 'utf8');
    } catch (error) {
      throw new UsageError(`--evaluators: cannot read ${value}: ${(error as Error).message}`);
    }
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--evaluators: ${inline ? 'the value' : value} is not valid JSON (${(error as Error).message})`);
  }
}
