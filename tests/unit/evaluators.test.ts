// The deterministic evaluators of offline runs, one item at a time: what passes, what fails,
// what cannot be scored (a null score with an error, never a thrown run), and the composite.
import { describe, expect, it } from 'vitest';
import { VersoError } from '@/lib/api/errors';
import { kindOf, pinEvaluators, scoreItem, type EvalContext } from '@/lib/evals/evaluators';
import { levenshteinDistance, similarity } from '@/lib/evals/evaluators/levenshtein';
import { firstNumber } from '@/lib/evals/evaluators/numeric';
import { evaluatorSpec, type EvaluatorSpec } from '@/lib/evals/schemas';

const spec = (input: Record<string, unknown>): EvaluatorSpec => evaluatorSpec.parse({ name: 'e', ...input });

const context = (over: Partial<EvalContext> = {}): EvalContext => ({
  input: 'user: question',
  output: '',
  expected: undefined,
  variables: {},
  latencyMs: 100,
  costUsd: '0.0000021000',
  runId: '00000000-0000-7000-8000-000000000000',
  position: 0,
  ...over,
});

/** One evaluator's score on one output. */
async function score(input: Record<string, unknown>, over: Partial<EvalContext> = {}) {
  const result = await scoreItem([spec(input)], context(over));
  return result.scores.e!;
}

const codePoints = (s: string) => Array.from(s, (c) => c.codePointAt(0)!);

describe('exact', () => {
  it('compares text trimmed and case-insensitively by default', async () => {
    expect(await score({ type: 'exact' }, { output: '  Paris\n', expected: 'paris' })).toMatchObject({ score: 1, pass: true });
    expect(await score({ type: 'exact' }, { output: 'Paris.', expected: 'Paris' })).toMatchObject({ score: 0, pass: false });
  });

  it('honours caseSensitive and trim', async () => {
    expect(await score({ type: 'exact', caseSensitive: true }, { output: 'Paris', expected: 'paris' })).toMatchObject({ pass: false });
    expect(await score({ type: 'exact', trim: false }, { output: 'Paris ', expected: 'Paris' })).toMatchObject({ pass: false });
  });

  it('compares a structured expected value as canonical JSON', async () => {
    const expected = { city: 'Paris', tags: ['a', 'b'] };
    expect(await score({ type: 'exact' }, { output: ' {"tags":["a","b"], "city":"Paris"} ', expected })).toMatchObject({ score: 1, pass: true });
    expect(await score({ type: 'exact' }, { output: '{"tags":["b","a"],"city":"Paris"}', expected })).toMatchObject({ pass: false });
    expect(await score({ type: 'exact' }, { output: '42', expected: 42 })).toMatchObject({ pass: true });
    const notJson = await score({ type: 'exact' }, { output: 'city: Paris', expected });
    expect(notJson).toMatchObject({ score: 0, pass: false });
    expect(notJson.reason).toMatch(/not JSON/);
  });

  it('cannot score an item without an expected value', async () => {
    expect(await score({ type: 'exact' }, { output: 'Paris' })).toEqual({ score: null, pass: null, error: 'exact needs the item’s expected value' });
  });
});

describe('contains', () => {
  it('looks for its own value, else the expected one', async () => {
    expect(await score({ type: 'contains', value: 'REFUND' }, { output: 'We will refund you.' })).toMatchObject({ pass: true });
    expect(await score({ type: 'contains', value: 'REFUND', caseSensitive: true }, { output: 'We will refund you.' })).toMatchObject({ pass: false });
    expect(await score({ type: 'contains' }, { output: 'The answer is 42.', expected: 42 })).toMatchObject({ pass: true });
    expect(await score({ type: 'contains' }, { output: 'The answer is 41.', expected: '42' })).toMatchObject({ score: 0, pass: false });
  });

  it('needs a needle', async () => {
    expect(await score({ type: 'contains' }, { output: 'anything' })).toMatchObject({ score: null, pass: null, error: expect.stringContaining('needs') });
  });
});

describe('regex (RE2)', () => {
  it('searches the output with the flags given', async () => {
    expect(await score({ type: 'regex', pattern: '^order #\\d{5}$', flags: 'im' }, { output: 'Thanks!\nORDER #12345\nBye' })).toMatchObject({ pass: true });
    expect(await score({ type: 'regex', pattern: '^order #\\d{5}$' }, { output: 'Thanks!\nORDER #12345\nBye' })).toMatchObject({ pass: false });
    expect(await score({ type: 'regex', pattern: 'a.b', flags: 's' }, { output: 'a\nb' })).toMatchObject({ pass: true });
    expect(await score({ type: 'regex', pattern: 'a.b' }, { output: 'a\nb' })).toMatchObject({ pass: false });
  });

  it('answers a catastrophic-backtracking pattern on 10,000 characters (linear time)', async () => {
    const output = `${'a'.repeat(10_000)}b`;
    // A backtracking engine tries 2^10000 ways to split the a's before giving up; RE2 does not.
    expect(await score({ type: 'regex', pattern: '(a+)+$' }, { output })).toMatchObject({ score: 0, pass: false });
    expect(await score({ type: 'regex', pattern: '(a+)+b$' }, { output })).toMatchObject({ score: 1, pass: true });
    expect(await score({ type: 'regex', pattern: '^(a|aa)+$' }, { output })).toMatchObject({ score: 0, pass: false });
  });

  it('refuses, at run creation, a pattern RE2 cannot compile, naming the evaluator', async () => {
    const backreference = spec({ name: 'quoted', type: 'regex', pattern: '(a)\\1' });
    const lookahead = spec({ name: 'ahead', type: 'regex', pattern: 'foo(?=bar)' });
    for (const bad of [backreference, lookahead]) {
      const error = await pinEvaluators([bad]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(VersoError);
      expect((error as VersoError).status).toBe(400);
      expect((error as VersoError).message).toContain(`Evaluator "${bad.name}"`);
    }
    const good = [spec({ type: 'regex', pattern: '\\d+' })];
    expect(await pinEvaluators(good)).toEqual(good);
  });
});

describe('json_valid and json_schema', () => {
  it('wants the whole trimmed output to be JSON', async () => {
    expect(await score({ type: 'json_valid' }, { output: ' {"a": 1}\n' })).toMatchObject({ pass: true });
    expect(await score({ type: 'json_valid' }, { output: '```json\n{"a": 1}\n```' })).toMatchObject({ pass: false });
    expect(await score({ type: 'json_valid' }, { output: 'Sure! {"a": 1}' })).toMatchObject({ score: 0, pass: false });
  });

  const person = {
    type: 'object',
    required: ['name', 'age'],
    properties: { name: { type: 'string', minLength: 1 }, age: { type: 'integer', minimum: 0 }, email: { type: 'string', pattern: '^[^@\\s]+@[^@\\s]+$' } },
    additionalProperties: false,
  };

  it('validates against the schema and lists the first errors', async () => {
    expect(await score({ type: 'json_schema', schema: person }, { output: '{"name":"Ada","age":36,"email":"ada@example.org"}' })).toMatchObject({ pass: true });
    const wrong = await score({ type: 'json_schema', schema: person }, { output: '{"name":"","age":-1}' });
    expect(wrong).toMatchObject({ score: 0, pass: false });
    expect(wrong.reason).toContain('#/name');
    expect(wrong.reason).toContain('#/age');
    const notJson = await score({ type: 'json_schema', schema: person }, { output: 'name: Ada' });
    expect(notJson).toMatchObject({ pass: false, reason: expect.stringMatching(/not JSON/) });
  });

  it('checks a schema pattern with RE2 (no backtracking)', async () => {
    const badEmail = await score({ type: 'json_schema', schema: person }, { output: '{"name":"Ada","age":36,"email":"ada at example"}' });
    expect(badEmail).toMatchObject({ pass: false, reason: expect.stringContaining('#/email: String does not match pattern.') });
    const slow = { type: 'string', pattern: '^(a+)+$' };
    expect(await score({ type: 'json_schema', schema: slow }, { output: JSON.stringify(`${'a'.repeat(5_000)}b`) })).toMatchObject({ pass: false });
    expect(await score({ type: 'json_schema', schema: slow }, { output: JSON.stringify('a'.repeat(5_000)) })).toMatchObject({ pass: true });
  });

  it('refuses at run creation a schema it cannot check', async () => {
    const patternProperties = spec({ name: 'shape', type: 'json_schema', schema: { type: 'object', patternProperties: { '^x-': { type: 'string' } } } });
    await expect(pinEvaluators([patternProperties])).rejects.toMatchObject({ code: 'invalid', message: expect.stringContaining('Evaluator "shape"') });
    const badPattern = spec({ name: 'shape2', type: 'json_schema', schema: { type: 'string', pattern: '(a)\\1' } });
    await expect(pinEvaluators([badPattern])).rejects.toMatchObject({ code: 'invalid', message: expect.stringContaining('Evaluator "shape2"') });
  });
});

describe('numeric', () => {
  it('reads the first number, thousands separators and signs included', () => {
    expect(firstNumber('The total is 1,234,567.89 dollars')).toBe(1234567.89);
    expect(firstNumber('It was -3.5 degrees, then 4')).toBe(-3.5);
    expect(firstNumber('GPT-4 says 12')).toBe(4);
    expect(firstNumber('about 6.02e23 molecules')).toBe(6.02e23);
    expect(firstNumber('1234,56')).toBe(1234);
    expect(firstNumber('no digits here')).toBeNull();
  });

  it('passes within the absolute or the relative tolerance', async () => {
    expect(await score({ type: 'numeric' }, { output: 'Answer: 42', expected: 42 })).toMatchObject({ pass: true });
    expect(await score({ type: 'numeric' }, { output: 'Answer: 42.001', expected: 42 })).toMatchObject({ pass: false });
    expect(await score({ type: 'numeric', absolute: 0.01 }, { output: 'Answer: 42.001', expected: '42' })).toMatchObject({ pass: true });
    expect(await score({ type: 'numeric', relative: 0.05 }, { output: '1,040 units', expected: 1000 })).toMatchObject({ pass: true });
    expect(await score({ type: 'numeric', relative: 0.05 }, { output: '1,060 units', expected: 1000 })).toMatchObject({ score: 0, pass: false });
    expect(await score({ type: 'numeric', absolute: 1, relative: 0.01 }, { output: '1,009', expected: 1000 })).toMatchObject({ pass: true });
  });

  it('fails an output with no number, and cannot score without a numeric expected value', async () => {
    expect(await score({ type: 'numeric' }, { output: 'I do not know', expected: 3 })).toMatchObject({ score: 0, pass: false, reason: 'no number in the output' });
    expect(await score({ type: 'numeric' }, { output: '3', expected: 'three' })).toMatchObject({ score: null, error: expect.stringContaining('not a number') });
    expect(await score({ type: 'numeric' }, { output: '3' })).toMatchObject({ score: null, error: expect.stringContaining('expected') });
  });
});

describe('length', () => {
  it('counts characters as code points, bounds inclusive', async () => {
    expect(await score({ type: 'length', min: 2, max: 5 }, { output: 'héllo' })).toMatchObject({ pass: true });
    expect(await score({ type: 'length', max: 3 }, { output: '👍👍👍' })).toMatchObject({ pass: true });
    expect(await score({ type: 'length', max: 3 }, { output: '👍👍👍👍' })).toMatchObject({ pass: false, reason: '4 characters, more than 3' });
    expect(await score({ type: 'length', min: 1 }, { output: '' })).toMatchObject({ score: 0, pass: false });
  });
});

describe('levenshtein', () => {
  it('matches known edit distances', () => {
    const d = (a: string, b: string) => levenshteinDistance(codePoints(a), codePoints(b));
    expect(d('kitten', 'sitting')).toBe(3);
    expect(d('sitting', 'kitten')).toBe(3);
    expect(d('flaw', 'lawn')).toBe(2);
    expect(d('saturday', 'sunday')).toBe(3);
    expect(d('', 'abc')).toBe(3);
    expect(d('abc', 'abc')).toBe(0);
    expect(d('gumbo', 'gambol')).toBe(2);
    // Code points, not UTF-16 units: an emoji is one character.
    expect(d('café 👍', 'cafe 👎')).toBe(2);
    expect(d('日本語', '日本')).toBe(1);
  });

  it('scores similarity and passes at the threshold', async () => {
    expect(similarity('', '')).toBe(1);
    expect(similarity('kitten', 'sitting')).toBeCloseTo(1 - 3 / 7, 12);
    const result = await score({ type: 'levenshtein', threshold: 0.5 }, { output: 'kitten', expected: 'sitting' });
    expect(result.score).toBeCloseTo(4 / 7, 12);
    expect(result.pass).toBe(true);
    expect(await score({ type: 'levenshtein', threshold: 0.6 }, { output: 'kitten', expected: 'sitting' })).toMatchObject({ pass: false });
    expect(await score({ type: 'levenshtein' }, { output: '', expected: '' })).toMatchObject({ score: 1, pass: true });
  });

  it('refuses inputs past 20,000 code points, and items without an expected value', async () => {
    expect(await score({ type: 'levenshtein' }, { output: 'x'.repeat(5_001), expected: 'x' })).toMatchObject({ score: null, error: expect.stringContaining('5000') });
    expect(await score({ type: 'levenshtein' }, { output: 'x' })).toMatchObject({ score: null, error: expect.stringContaining('expected') });
  });

  it('compares two long strings of the largest allowed size', async () => {
    const a = 'ab'.repeat(2_500);
    const b = 'ba'.repeat(2_500);
    // Shifting by one: delete the first character, append one at the end.
    expect(levenshteinDistance(codePoints(a), codePoints(b))).toBe(2);
  });
});

describe('latency and cost', () => {
  it('pass at or under their limits', async () => {
    expect(await score({ type: 'latency', maxMs: 100 }, { latencyMs: 100 })).toMatchObject({ pass: true });
    expect(await score({ type: 'latency', maxMs: 100 }, { latencyMs: 101 })).toMatchObject({ score: 0, pass: false });
    expect(await score({ type: 'cost', maxUsd: 0.0000021 }, { costUsd: '0.0000021000' })).toMatchObject({ pass: true });
    expect(await score({ type: 'cost', maxUsd: 0.000002 }, { costUsd: '0.0000021000' })).toMatchObject({ pass: false });
  });

  it('cannot judge the cost of a model without a price', async () => {
    expect(await score({ type: 'cost', maxUsd: 1 }, { costUsd: null })).toMatchObject({ score: null, pass: null, error: expect.stringContaining('no price known') });
  });
});

describe('composite and kinds', () => {
  it('is the weighted mean of the scores that exist', async () => {
    const specs = [
      spec({ name: 'right', type: 'contains', value: 'Paris', weight: 3 }),
      spec({ name: 'short', type: 'length', max: 5 }),
      spec({ name: 'close', type: 'levenshtein', weight: 2 }),
      spec({ name: 'priced', type: 'cost', maxUsd: 1 }),
    ];
    // contains 1 (×3), length 0 (×1), levenshtein 1 − 1/9 (×2), cost null (no price): left out.
    const result = await scoreItem(specs, context({ output: 'Paris, FR', expected: 'Paris, F', costUsd: null }));
    expect(result.scores.priced).toMatchObject({ score: null });
    expect(result.composite).toBeCloseTo((3 * 1 + 1 * 0 + 2 * (8 / 9)) / 6, 12);
    expect(result.judgeExecutions).toEqual([]);
    expect(result.judgeCostUsd).toBeNull();
  });

  it('is null when nothing scored or every weight is 0', async () => {
    const none = await scoreItem([spec({ name: 'a', type: 'exact' }), spec({ name: 'b', type: 'cost', maxUsd: 1 })], context({ costUsd: null }));
    expect(none.composite).toBeNull();
    const weightless = await scoreItem([spec({ name: 'a', type: 'json_valid', weight: 0 })], context({ output: '{}' }));
    expect(weightless.scores.a).toMatchObject({ score: 1 });
    expect(weightless.composite).toBeNull();
  });

  it('calls binary what has pass/fail, and scores what is graded', () => {
    expect(kindOf(spec({ type: 'exact' }))).toBe('binary');
    expect(kindOf(spec({ type: 'regex', pattern: 'x' }))).toBe('binary');
    expect(kindOf(spec({ type: 'cost', maxUsd: 1 }))).toBe('binary');
    expect(kindOf(spec({ type: 'levenshtein' }))).toBe('score');
    expect(kindOf(spec({ type: 'judge', prompt: 'j', scale: 'binary' }))).toBe('binary');
    expect(kindOf(spec({ type: 'judge', prompt: 'j', scale: '1-5' }))).toBe('score');
    expect(kindOf(spec({ type: 'judge', prompt: 'j', scale: '0-1' }))).toBe('score');
  });
});
