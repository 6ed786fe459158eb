import { VersoError } from './errors';

// What Postgres cannot hold, refused once at the boundary (route() and action()) for every
// field, instead of failing deep inside a query as a 500:
// - the NUL character: `text` and `jsonb` refuse U+0000 (in values and in object keys);
// - JSON nested past a sane depth: JSON.parse copes with 100k levels, but zod, JSON.stringify
//   and the jsonb parser recurse, and Postgres stops at its stack depth limit.

/** Levels of nested objects and arrays a request may send (variables, metadata and the rest). */
export const MAX_JSON_DEPTH = 64;

const NUL = '\u0000';

type Problem = { path: (string | number)[]; message: string; code: 'nul_character' | 'too_deep' };

const nulMessage = 'text cannot contain the NUL character (\\u0000)';

const isPlainObject = (value: object): value is Record<string, unknown> => {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

/** The first thing in a parsed value that cannot be stored, or null. Stops at MAX_JSON_DEPTH, so it never recurses deeper. */
export function unstorable(value: unknown, path: (string | number)[] = [], depth = 0): Problem | null {
  if (typeof value === 'string') return value.includes(NUL) ? { path, message: nulMessage, code: 'nul_character' } : null;
  if (value === null || typeof value !== 'object') return null;
  const array = Array.isArray(value);
  // Dates, Files and the like are not JSON: they come from server actions and are parsed by their schema.
  if (!array && !isPlainObject(value)) return null;
  if (depth >= MAX_JSON_DEPTH) return { path, message: `nested deeper than ${MAX_JSON_DEPTH} levels of objects and arrays`, code: 'too_deep' };
  if (array) {
    for (let i = 0; i < value.length; i++) {
      const problem = unstorable(value[i], [...path, i], depth + 1);
      if (problem) return problem;
    }
    return null;
  }
  for (const [key, child] of Object.entries(value)) {
    if (key.includes(NUL)) return { path: [...path, key.replaceAll(NUL, '\\u0000')], message: `a key: ${nulMessage}`, code: 'nul_character' };
    const problem = unstorable(child, [...path, key], depth + 1);
    if (problem) return problem;
  }
  return null;
}

/** Throws `invalid` (400) naming the field when `value` holds something Postgres cannot store. */
export function assertStorable(value: unknown, what: string): void {
  const problem = unstorable(value);
  if (!problem) return;
  const path = problem.path.join('.');
  throw new VersoError('invalid', `Invalid ${what}: ${path ? `${path}: ` : ''}${problem.message}`, {
    issues: [{ path, message: problem.message, code: problem.code }],
  });
}
