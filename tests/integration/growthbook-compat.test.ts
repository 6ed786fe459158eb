import { GrowthBook, type Experiment } from '@growthbook/growthbook';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolvedView } from '@/lib/executions/views';
import { experimentView } from '@/lib/experiments/views-schema';
import { assignVariant, runningExperiment } from '@/lib/experiments/serving';
import { moveLabel } from '@/lib/prompts/labels';
import { createVersion } from '@/lib/prompts/registry';
import { newVersionInput } from '@/lib/prompts/schemas';
import { admin, editor } from '../support/actors';
import { callApi, expectError, withApiKeys } from '../support/api';
import { withTestDatabase } from '../support/db';
import { executionRow, experimentBody } from '../support/experiments';
import { givenModelPrompt, withFakeOpenAI } from '../support/model-env';
import { givenPrompt } from '../support/prompts';
import { leavesDatabaseAsItWas } from '../support/snapshot';

// Verso's assignment against the real GrowthBook SDK: the definition GET /experiments/{key}
// hands out, run by GrowthBook for 10,000 units, must put every unit in the same variant as
// Verso, or leave it out where Verso serves the label. And targeting on the serving path:
// attributes stored, non-matching units served the label, bad input refused with nothing written.

withTestDatabase();
const keys = withApiKeys();
withFakeOpenAI();

const PROMPT = 'gb-pitch';
const KEY = 'gb-compat';
// Unequal, not normalised in the input: Verso normalises them, GrowthBook gets the shares.
const variants = [
  { key: 'control', version: 1, weight: 5, control: true },
  { key: 'b', version: 2, weight: 3 },
  { key: 'c', version: 3, weight: 2 },
];
const targeting = {
  country: { $in: ['DE', 'FR'] },
  $or: [{ plan: 'pro' }, { seats: { $gte: 10 } }],
  id: { $nin: ['user-4', 'user-40'] },
};

/** Attributes of unit i: a mix that the condition matches about a third of the time; every 11th has none. */
function attributesOf(i: number): Record<string, string | number> {
  if (i % 11 === 0) return {};
  return { country: ['DE', 'FR', 'US'][i % 3]!, plan: ['pro', 'free'][(i >> 2) % 2]!, seats: (i * 7) % 20 };
}

/** What the GrowthBook SDK decides for the unit: a variant key, or null when it is not in the experiment. */
function growthbookAssigns(definition: Experiment<string>, id: string, attributes: Record<string, unknown>): string | null {
  const gb = new GrowthBook({ attributes: { id, ...attributes } });
  const result = gb.run(definition);
  gb.destroy();
  return result.inExperiment ? result.key : null;
}

const resolve = (name: string, body: Record<string, unknown>) => callApi('resolvePrompt', { key: keys.service, params: { name }, body });

let definition: Experiment<string>;

beforeAll(async () => {
  // Production points at v4, which no variant uses: a unit outside the experiment is visibly not the control.
  await givenPrompt(PROMPT, { versions: 4, labels: ['production'] });
  await moveLabel(admin, PROMPT, 'production', 4);
  const created = await callApi('createExperiment', {
    key: keys.editor,
    body: experimentBody(KEY, PROMPT, { variants, coverage: 0.8, salt: 'gb-salt', targeting }),
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  expect((await callApi('transitionExperiment', { key: keys.admin, params: { key: KEY, transition: 'start' } })).status).toBe(200);
  const got = await callApi('getExperiment', { key: keys.viewer, params: { key: KEY } });
  expect(got.status).toBe(200);
  definition = experimentView.parse(got.body).growthbook as Experiment<string>;
});

describe('the GrowthBook definition', () => {
  it("carries exactly what GrowthBook's Experiment needs, weights normalised", async () => {
    const got = experimentView.parse((await callApi('getExperiment', { key: keys.viewer, params: { key: KEY } })).body);
    expect(got.targeting).toEqual(targeting);
    const { weights, ...rest } = got.growthbook;
    expect(rest).toEqual({
      key: KEY,
      hashAttribute: 'id',
      hashVersion: 2,
      seed: 'gb-salt',
      variations: ['control', 'b', 'c'],
      coverage: 0.8,
      condition: targeting,
      meta: [
        { key: 'control', name: 'control (v1)' },
        { key: 'b', name: 'b (v2)' },
        { key: 'c', name: 'c (v3)' },
      ],
    });
    expect(weights).toHaveLength(3);
    [0.5, 0.3, 0.2].forEach((w, i) => expect(weights[i]).toBeCloseTo(w, 12));
  });

  it('makes the GrowthBook SDK assign all 10,000 units as Verso serves them', async () => {
    const serving = (await runningExperiment(PROMPT))!;
    expect(serving.targeting).toEqual(targeting);
    const tally = new Map<string | null, number>();
    const differ: string[] = [];
    for (let i = 0; i < 10_000; i++) {
      const id = `user-${i}`;
      const attributes = attributesOf(i);
      const sdk = growthbookAssigns(definition, id, attributes);
      const verso = assignVariant(serving, id, attributes)?.key ?? null;
      if (sdk !== verso) differ.push(`${id}: GrowthBook ${sdk}, Verso ${verso}`);
      tally.set(sdk, (tally.get(sdk) ?? 0) + 1);
    }
    expect(differ.slice(0, 10)).toEqual([]);
    // Every outcome occurs, in proportions the definition implies: the comparison above covered
    // each variant and both reasons for being left out, not one trivial answer.
    const targeted = Array.from({ length: 10_000 }, (_, i) => i).filter((i) => i % 11 !== 0 && i % 3 !== 2 && (((i >> 2) % 2 === 0) || (i * 7) % 20 >= 10) && i !== 4 && i !== 40).length;
    const inside = (tally.get('control') ?? 0) + (tally.get('b') ?? 0) + (tally.get('c') ?? 0);
    expect(inside / targeted).toBeGreaterThan(0.77);
    expect(inside / targeted).toBeLessThan(0.83);
    expect((tally.get('control') ?? 0) / inside).toBeCloseTo(0.5, 1);
    expect((tally.get('b') ?? 0) / inside).toBeCloseTo(0.3, 1);
    expect((tally.get('c') ?? 0) / inside).toBeCloseTo(0.2, 1);
    expect(tally.get(null)).toBe(10_000 - inside);
  });

  it('agrees with resolve over HTTP for 300 units, and those left out get the label', async () => {
    const seen = new Set<string | null>();
    // A step prime to 3 and 11, so the sample mixes countries, plans and units without attributes.
    for (let k = 0; k < 300; k++) {
      const i = 5 + 31 * k;
      const id = `user-${i}`;
      const attributes = attributesOf(i);
      const res = await resolve(PROMPT, { unitId: id, variables: { name: 'Ada' }, attributes });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const body = resolvedView.parse(res.body);
      const expected = growthbookAssigns(definition, id, attributes);
      expect(body.experiment?.variant ?? null, id).toBe(expected);
      const version = expected === null ? 4 : variants.find((v) => v.key === expected)!.version;
      expect(body.version, id).toBe(version);
      seen.add(expected);
    }
    expect(seen).toEqual(new Set(['control', 'b', 'c', null]));
  });
});

describe('targeting on the serving path', () => {
  it('serves a unit whose attributes do not match the label, with no experiment, and stores its attributes', async () => {
    // Everything but the country matches: plan pro, 12 seats.
    const attributes = { country: 'US', plan: 'pro', seats: 12, beta: true };
    const res = await resolve(PROMPT, { unitId: 'user-3', variables: { name: 'Ada' }, attributes });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ version: 4, experiment: null, text: 'v4 Ada' });
    expect(await executionRow(res.body.executionId)).toMatchObject({ label: 'production', experimentId: null, variant: null, unitId: 'user-3', attributes });
  });

  it('matches the same unit once its attributes do, and a unit without attributes is not targeted', async () => {
    const targetedIds = Array.from({ length: 50 }, (_, i) => `t-${i}`).filter((id) => growthbookAssigns(definition, id, { country: 'DE', plan: 'pro' }) !== null);
    const id = targetedIds[0]!;
    const inside = await resolve(PROMPT, { unitId: id, variables: { name: 'Ada' }, attributes: { country: 'DE', plan: 'pro' } });
    expect(inside.body.experiment).toMatchObject({ key: KEY });
    expect((await executionRow(inside.body.executionId))?.attributes).toEqual({ country: 'DE', plan: 'pro' });
    const bare = await resolve(PROMPT, { unitId: id, variables: { name: 'Ada' } });
    expect(bare.body).toMatchObject({ version: 4, experiment: null });
    expect(await executionRow(bare.body.executionId)).toMatchObject({ experimentId: null, variant: null, attributes: null });
  });

  it('targets run and the gateway by their attributes too, and stores them', async () => {
    await givenModelPrompt('gb-run', { template: 'Say hi', labels: ['production'], modelConfig: { provider: 'openai', model: 'gpt-4o-mini' } });
    await createVersion(editor, 'gb-run', newVersionInput.parse({ template: 'Say hello', modelConfig: { provider: 'openai', model: 'gpt-4o-mini' } }));
    const made = await callApi('createExperiment', {
      key: keys.editor,
      body: experimentBody('gb-run-exp', 'gb-run', { targeting: { plan: 'pro' } }),
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    await callApi('transitionExperiment', { key: keys.admin, params: { key: 'gb-run-exp', transition: 'start' } });

    const pro = await callApi('runPrompt', { key: keys.service, params: { name: 'gb-run' }, body: { unitId: 'r1', attributes: { plan: 'pro' } } });
    expect(pro.status, JSON.stringify(pro.body)).toBe(200);
    expect(pro.body.experiment).toMatchObject({ key: 'gb-run-exp' });
    expect(await executionRow(pro.body.executionId)).toMatchObject({ experimentId: expect.any(String), attributes: { plan: 'pro' } });

    const free = await callApi('runPrompt', { key: keys.service, params: { name: 'gb-run' }, body: { unitId: 'r1', attributes: { plan: 'free' } } });
    expect(free.body).toMatchObject({ experiment: null, version: 1 });
    expect(await executionRow(free.body.executionId)).toMatchObject({ experimentId: null, variant: null, label: 'production', attributes: { plan: 'free' } });

    const viaGateway = (attributes: Record<string, unknown>) =>
      callApi('createChatCompletion', { key: keys.service, body: { model: 'prompt:gb-run', user: 'g1', attributes } });
    const gwPro = await viaGateway({ plan: 'pro' });
    expect(gwPro.status, JSON.stringify(gwPro.body)).toBe(200);
    expect(gwPro.headers.get('x-verso-variant')).not.toBeNull();
    expect((await executionRow(gwPro.headers.get('x-verso-execution-id')!))?.attributes).toEqual({ plan: 'pro' });
    const gwFree = await viaGateway({ plan: 'free' });
    expect(gwFree.headers.get('x-verso-variant')).toBeNull();
    expect(await executionRow(gwFree.headers.get('x-verso-execution-id')!)).toMatchObject({ experimentId: null, variant: null, attributes: { plan: 'free' } });
    expectError(await leavesDatabaseAsItWas(() => viaGateway({ plan: { nested: 1 } })), 400, 'invalid');
  });
});

describe('invalid attributes', () => {
  const cases: [string, unknown][] = [
    ['more than 32 attributes', Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`a${i}`, i]))],
    ['a name that is not an identifier', { 'plan-type': 'pro' }],
    ['a name longer than 64 characters', { [`a${'x'.repeat(64)}`]: 1 }],
    ['a value longer than 256 characters', { plan: 'x'.repeat(257) }],
    ['an object value', { plan: { tier: 'pro' } }],
    ['a list value', { plan: ['pro'] }],
    ['a null value', { plan: null }],
    ['the unit id as an attribute', { id: 'someone-else' }],
    ['not an object', ['DE']],
  ];
  for (const [what, attributes] of cases) {
    it(`refuses ${what} with 400 and writes nothing`, async () => {
      const res = await leavesDatabaseAsItWas(() => resolve(PROMPT, { unitId: 'user-1', variables: { name: 'Ada' }, attributes }));
      const error = expectError(res, 400, 'invalid');
      expect(error.message).toMatch(/attributes/);
    });
  }

  it('accepts exactly 32 attributes of 256 characters', async () => {
    const attributes = Object.fromEntries(Array.from({ length: 32 }, (_, i) => [`a${i}`, 'x'.repeat(256)]));
    const res = await resolve(PROMPT, { unitId: 'user-1', variables: { name: 'Ada' }, attributes });
    expect(res.status).toBe(200);
    expect((await executionRow(res.body.executionId))?.attributes).toEqual(attributes);
  });
});

describe('invalid targeting', () => {
  const deep = (n: number): Record<string, unknown> => (n === 0 ? { plan: 'pro' } : { $and: [deep(n - 1)] });
  const cases: [string, unknown, RegExp][] = [
    ['an unknown operator', { plan: { $like: 'pro' } }, /unknown operator \$like/],
    ['an unknown top-level operator', { $where: 'true' }, /unknown operator \$where/],
    ['$in without a list', { country: { $in: 'DE' } }, /\$in takes a list/],
    ['a regular expression', { plan: { $regex: '(a+)+$' } }, /regular expressions are not supported/],
    ['a saved group', { id: { $inGroup: 'vip' } }, /saved groups are not supported/],
    ['a dotted path', { 'user.country': 'DE' }, /no dotted paths/],
    ['operators mixed with fields', { country: { $in: ['DE'], name: 'x' } }, /cannot mix/],
    ['$or without conditions', { $or: [] }, /non-empty list of conditions/],
    ['nesting deeper than 8 levels', deep(8), /nests at most 8 levels/],
    ['more than 4,000 characters', { country: { $in: Array.from({ length: 800 }, (_, i) => `c${i}`) } }, /at most 4,000 characters/],
    ['an empty condition', {}, /empty condition/],
    ['a list', [{ plan: 'pro' }], /condition object/],
  ];
  for (const [what, condition, message] of cases) {
    it(`refuses ${what} on create with 400 and creates nothing`, async () => {
      const res = await leavesDatabaseAsItWas(() =>
        callApi('createExperiment', { key: keys.editor, body: experimentBody(`bad-${what.replace(/[^a-z0-9]+/g, '-')}`.slice(0, 60), PROMPT, { targeting: condition }) }),
      );
      expect(expectError(res, 400, 'invalid').message).toMatch(message);
    });
  }

  it('accepts nesting of exactly 8 levels', async () => {
    const res = await callApi('createExperiment', { key: keys.editor, body: experimentBody('deep-ok', PROMPT, { targeting: deep(7) }) });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  });

  it('refuses an invalid condition on edit, and changes nothing', async () => {
    await callApi('createExperiment', { key: keys.editor, body: experimentBody('edit-me', PROMPT, { targeting: { plan: 'pro' } }) });
    const res = await leavesDatabaseAsItWas(() =>
      callApi('editExperiment', { key: keys.editor, params: { key: 'edit-me' }, body: { targeting: { plan: { $nope: 1 } } } }),
    );
    expectError(res, 400, 'invalid');
  });

  it('changes in draft (null removes it) and refuses a change once started with 409', async () => {
    const key = 'edit-draft';
    await callApi('createExperiment', { key: keys.editor, body: experimentBody(key, PROMPT) });
    const set = await callApi('editExperiment', { key: keys.editor, params: { key }, body: { targeting: { country: 'DE' } } });
    expect(set.body.targeting).toEqual({ country: 'DE' });
    const cleared = await callApi('editExperiment', { key: keys.editor, params: { key }, body: { targeting: null } });
    expect(cleared.body.targeting).toBeNull();
    expect((await callApi('getExperiment', { key: keys.viewer, params: { key } })).body.growthbook).not.toHaveProperty('condition');
    await callApi('editExperiment', { key: keys.editor, params: { key }, body: { targeting: { country: 'DE' } } });

    // Another experiment runs on the prompt: pause it so this one can start.
    await callApi('transitionExperiment', { key: keys.admin, params: { key: KEY, transition: 'pause' } });
    expect((await callApi('transitionExperiment', { key: keys.admin, params: { key, transition: 'start' } })).status).toBe(200);
    for (const change of [{ country: 'FR' }, null]) {
      const res = await leavesDatabaseAsItWas(() => callApi('editExperiment', { key: keys.admin, params: { key }, body: { targeting: change } }));
      expect(expectError(res, 409, 'conflict').message).toMatch(/targeting can change only in draft/);
    }
  });
});
