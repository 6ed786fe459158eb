import { beforeAll, describe, expect, it } from 'vitest';
import { callApi, expectError, withApiKeys } from '../support/api';
import { withTestDatabase } from '../support/db';
import { experimentBody, givenExperiment } from '../support/experiments';
import { givenPrompt } from '../support/prompts';
import { leavesDatabaseAsItWas } from '../support/snapshot';

// What an experiment must be: 2–8 variants with unique keys, one control, versions of its
// prompt, positive weights, coverage in [0, 1]. Each refusal leaves every table as it was.

withTestDatabase();
const keys = withApiKeys();

beforeAll(async () => {
  await givenPrompt('checkout', { versions: 3, labels: ['production'] });
});

const variant = (key: string, version = 1, extra: Record<string, unknown> = {}) => ({ key, version, weight: 1, ...extra });
const issues = (error: { details?: unknown }) => (error.details as { issues: { path: string; message: string }[] }).issues;

const create = (overrides: Record<string, unknown>) =>
  leavesDatabaseAsItWas(() => callApi('createExperiment', { key: keys.editor, body: experimentBody('invalid', 'checkout', overrides) }));

describe('creating an experiment', () => {
  const invalid: [string, Record<string, unknown>, RegExp][] = [
    ['a single variant', { variants: [variant('control')] }, /2 to 8 variants/],
    ['nine variants', { variants: Array.from({ length: 9 }, (_, i) => variant(`v${i}`)) }, /2 to 8 variants/],
    ['two variants with the same key', { variants: [variant('control'), variant('control', 2)] }, /unique/],
    ['two controls', { variants: [variant('a', 1, { control: true }), variant('b', 2, { control: true })] }, /only one variant can be the control/],
    ['a weight of 0', { variants: [variant('control'), variant('b', 2, { weight: 0 })] }, /./],
    ['a negative weight', { variants: [variant('control'), variant('b', 2, { weight: -1 })] }, /./],
    ['coverage above 1', { coverage: 1.5 }, /./],
    ['negative coverage', { coverage: -0.1 }, /./],
    ['version 0', { variants: [variant('control', 0), variant('b', 2)] }, /./],
    ['a variant key that is no slug', { variants: [variant('Control'), variant('b', 2)] }, /lowercase/],
    ['a primary metric of unknown type', { primaryMetric: { name: 'conversion', type: 'ordinal' } }, /./],
    ['alpha of 0.5', { alpha: 0.5 }, /./],
  ];
  for (const [what, overrides, message] of invalid) {
    it(`refuses ${what} with 400 and keeps nothing`, async () => {
      const error = expectError(await create(overrides), 400, 'invalid');
      expect(issues(error).map((i) => i.message).join('; ')).toMatch(message);
    });
  }

  it('names the field at fault', async () => {
    const error = expectError(await create({ coverage: 2, variants: [variant('control'), variant('b', 2, { weight: 0 })] }), 400, 'invalid');
    expect(issues(error).map((i) => i.path)).toEqual(expect.arrayContaining(['coverage', 'variants.1.weight']));
  });

  it('refuses a version the prompt does not have with 404 naming it', async () => {
    const res = await create({ variants: [variant('control'), variant('b', 7)] });
    expect(expectError(res, 404, 'not_found').message).toBe('Prompt "checkout" has no version 7.');
  });

  it('refuses an unknown prompt with 404', async () => {
    const res = await leavesDatabaseAsItWas(() => callApi('createExperiment', { key: keys.editor, body: experimentBody('orphan', 'no-such-prompt') }));
    expect(expectError(res, 404, 'not_found').message).toMatch(/Prompt "no-such-prompt" does not exist/);
  });

  it('refuses a key that is taken with 409', async () => {
    await givenExperiment('taken', 'checkout');
    const res = await leavesDatabaseAsItWas(() => callApi('createExperiment', { key: keys.editor, body: experimentBody('taken', 'checkout') }));
    expect(expectError(res, 409, 'conflict').message).toMatch(/"taken" already exists/);
  });

  it('gives one of two simultaneous creations of a key 201 and the other 409, never a 500', async () => {
    const body = experimentBody('race', 'checkout');
    const answers = await Promise.all([callApi('createExperiment', { key: keys.editor, body }), callApi('createExperiment', { key: keys.admin, body })]);
    expect(answers.map((a) => a.status).sort(), JSON.stringify(answers.map((a) => a.body))).toEqual([201, 409]);
    expect(expectError(answers.find((a) => a.status !== 201)!, 409, 'conflict').message).toMatch(/"race" already exists/);
  });

  it('accepts 2 and 8 variants, coverage 0 and 1, and makes the first variant the control when none is marked', async () => {
    const two = await callApi('createExperiment', { key: keys.editor, body: experimentBody('two', 'checkout', { variants: [variant('a'), variant('b', 2)], coverage: 0 }) });
    expect(two.status, JSON.stringify(two.body)).toBe(201);
    expect(two.body.variants.map((v: { control: boolean }) => v.control)).toEqual([true, false]);
    const eight = Array.from({ length: 8 }, (_, i) => variant(`v${i}`, (i % 3) + 1, i === 5 ? { control: true } : {}));
    const res = await callApi('createExperiment', { key: keys.editor, body: experimentBody('eight', 'checkout', { variants: eight, coverage: 1 }) });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.variants.filter((v: { control: boolean }) => v.control).map((v: { key: string }) => v.key)).toEqual(['v5']);
  });

  it('fills in the defaults: salt = key, coverage 1, alpha 0.05, sequential, 100 per variant', async () => {
    const res = await callApi('createExperiment', { key: keys.editor, body: experimentBody('defaults', 'checkout') });
    // Sequential: results are read live, and only always-valid intervals survive that. Its
    // tuning is fixed at start, so a draft has none yet.
    expect(res.body).toMatchObject({ salt: 'defaults', coverage: 1, alpha: 0.05, method: 'sequential', sequentialTuning: null, minSampleSize: 100, guardrailMetrics: [], status: 'draft' });
    expect(res.body.primaryMetric).toEqual({ name: 'conversion', type: 'binary', direction: 'increase' });
  });
});

describe('editing the variants of a draft', () => {
  beforeAll(async () => {
    await givenExperiment('draft', 'checkout');
  });
  const edit = (body: Record<string, unknown>) => leavesDatabaseAsItWas(() => callApi('editExperiment', { key: keys.editor, params: { key: 'draft' }, body }));

  it('applies the same rules as creating one', async () => {
    expectError(await edit({ variants: [variant('control')] }), 400, 'invalid');
    expectError(await edit({ variants: [variant('a'), variant('a', 2)] }), 400, 'invalid');
    expectError(await edit({ variants: [variant('a', 1, { control: true }), variant('b', 2, { control: true })] }), 400, 'invalid');
    expectError(await edit({ variants: [variant('a'), variant('b', 2, { weight: 0 })] }), 400, 'invalid');
    expectError(await edit({ coverage: 1.01 }), 400, 'invalid');
  });

  it('refuses a version the prompt does not have with 404 naming it, keeping the old variants', async () => {
    const res = await edit({ variants: [variant('control'), variant('b', 12)] });
    expect(expectError(res, 404, 'not_found').message).toBe('Prompt "checkout" has no version 12.');
  });

  it('answers 404 for an unknown experiment', async () => {
    const res = await leavesDatabaseAsItWas(() => callApi('editExperiment', { key: keys.editor, params: { key: 'nope' }, body: { name: 'x' } }));
    expect(expectError(res, 404, 'not_found').message).toMatch(/"nope" does not exist/);
  });
});
