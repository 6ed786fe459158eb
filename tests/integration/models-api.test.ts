import { and, asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { auditEvents } from '@/db/schema';
import { runSummary } from '@/lib/executions/views';
import { catalogView, modelView } from '@/lib/models/views';
import { callApi, expectError, withApiKeys } from '../support/api';
import { withTestDatabase } from '../support/db';
import { executionRow } from '../support/experiments';
import { givenModelPrompt, setEnv, withFakeOpenAI } from '../support/model-env';
import { leavesDatabaseAsItWas } from '../support/snapshot';

// GET/POST /models and PATCH /models/{id}: the catalog with exact prices, which providers are
// configured, and admins changing prices that the very next run is costed with.

withTestDatabase();
const keys = withApiKeys();
const fake = withFakeOpenAI();

const catalog = async () => catalogView.parse((await callApi('listModels', { key: keys.viewer })).body);
const create = (body: Record<string, unknown>, key = keys.admin) => callApi('createModel', { key, body });
const change = (modelId: string, body: Record<string, unknown>, key = keys.admin) => callApi('changeModel', { key, params: { modelId }, body });
const modelAudit = (entityId: string) =>
  getDb()
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.entityType, 'model'), eq(auditEvents.entityId, entityId)))
    .orderBy(asc(auditEvents.createdAt));

describe('GET /models', () => {
  it('lists the seeded catalog with prices as exact decimal strings', async () => {
    const { models } = await catalog();
    const mini = models.find((m) => m.provider === 'openai' && m.model === 'gpt-4o-mini');
    expect(mini).toMatchObject({ displayName: 'GPT-4o mini', inputPerMillion: '0.1500000000', outputPerMillion: '0.6000000000', contextWindow: 128000, active: true, custom: false });
    expect(mini!.priceSource).toMatch(/openai\.com/);
    expect(models.find((m) => m.model === 'claude-sonnet-4-5')).toMatchObject({ provider: 'anthropic', inputPerMillion: '3.0000000000', outputPerMillion: '15.0000000000' });
    expect(models.find((m) => m.provider === 'openai-compatible')).toMatchObject({ inputPerMillion: '0.0000000000', outputPerMillion: '0.0000000000' });
    for (const provider of ['openai', 'anthropic', 'groq', 'openai-compatible']) expect(models.some((m) => m.provider === provider), provider).toBe(true);
  });

  it('says which providers are configured, following the environment', async () => {
    const undo = setEnv({ OPENAI_API_KEY: 'sk-a', ANTHROPIC_API_KEY: undefined, GROQ_API_KEY: undefined, OPENAI_COMPATIBLE_BASE_URL: undefined });
    try {
      const flags = async () => Object.fromEntries((await catalog()).providers.map((p) => [p.id, [p.configured, p.variable]]));
      expect(await flags()).toEqual({
        openai: [true, 'OPENAI_API_KEY'],
        anthropic: [false, 'ANTHROPIC_API_KEY'],
        groq: [false, 'GROQ_API_KEY'],
        'openai-compatible': [false, 'OPENAI_COMPATIBLE_BASE_URL'],
      });
      setEnv({ OPENAI_API_KEY: undefined, ANTHROPIC_API_KEY: 'sk-ant', GROQ_API_KEY: 'gsk', OPENAI_COMPATIBLE_BASE_URL: 'http://127.0.0.1:11434/v1' });
      expect(await flags()).toEqual({
        openai: [false, 'OPENAI_API_KEY'],
        anthropic: [true, 'ANTHROPIC_API_KEY'],
        groq: [true, 'GROQ_API_KEY'],
        'openai-compatible': [true, 'OPENAI_COMPATIBLE_BASE_URL'],
      });
    } finally {
      undo();
    }
  });
});

describe('POST /models', () => {
  it('lets an admin add a model, stored exactly and audited', async () => {
    const res = await create({ provider: 'openai', model: 'ft:gpt-4o-mini:acme', displayName: 'Acme fine-tune', inputPerMillion: '0.3', outputPerMillion: 1.2, contextWindow: 128000, priceSource: 'contract 2025' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const model = modelView.parse(res.body);
    expect(model).toMatchObject({
      provider: 'openai',
      model: 'ft:gpt-4o-mini:acme',
      displayName: 'Acme fine-tune',
      inputPerMillion: '0.3000000000',
      outputPerMillion: '1.2000000000',
      contextWindow: 128000,
      active: true,
      custom: true,
      priceSource: 'contract 2025',
    });
    expect((await catalog()).models.find((m) => m.id === model.id)).toEqual(model);
    const audit = await modelAudit('openai/ft:gpt-4o-mini:acme');
    expect(audit.map((a) => [a.action, a.actorName])).toEqual([['model.created', 'key:admin']]);
    expect(audit[0]!.after).toMatchObject({ inputPerMillion: '0.3000000000', outputPerMillion: '1.2000000000' });
  });

  it('keeps ten decimals exactly', async () => {
    const res = await create({ provider: 'groq', model: 'tiny', inputPerMillion: '0.0000000001', outputPerMillion: '9999999999.9999999999' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ inputPerMillion: '0.0000000001', outputPerMillion: '9999999999.9999999999', displayName: 'tiny' });
  });

  it('refuses an editor and a viewer, and writes nothing', async () => {
    for (const key of [keys.editor, keys.viewer]) {
      const res = await leavesDatabaseAsItWas(() => create({ provider: 'openai', model: 'sneaky', inputPerMillion: '1', outputPerMillion: '1' }, key));
      expectError(res, 403, 'forbidden');
    }
  });

  it('refuses a price that is not an exact non-negative decimal, and writes nothing', async () => {
    for (const bad of ['1.2.3', '-1', -0.5, '0.12345678901', '12345678901', 'free', '']) {
      const res = await leavesDatabaseAsItWas(() => create({ provider: 'openai', model: 'bad-price', inputPerMillion: bad, outputPerMillion: '1' }));
      expect(expectError(res, 400, 'invalid').message, String(bad)).toMatch(/inputPerMillion/);
    }
    const output = await leavesDatabaseAsItWas(() => create({ provider: 'openai', model: 'bad-price', inputPerMillion: '1', outputPerMillion: '1.2.3' }));
    expect(expectError(output, 400, 'invalid').message).toMatch(/outputPerMillion/);
  });

  it('refuses a provider Verso does not know', async () => {
    const res = await leavesDatabaseAsItWas(() => create({ provider: 'mistral', model: 'large', inputPerMillion: '1', outputPerMillion: '1' }));
    expectError(res, 400, 'invalid');
  });

  it('refuses a model the catalog already has with 409, and writes nothing', async () => {
    const res = await leavesDatabaseAsItWas(() => create({ provider: 'openai', model: 'gpt-4o-mini', inputPerMillion: '9', outputPerMillion: '9' }));
    expect(expectError(res, 409, 'conflict').message).toMatch(/already has openai\/gpt-4o-mini/);
    expect((await catalog()).models.find((m) => m.model === 'gpt-4o-mini')!.inputPerMillion).toBe('0.1500000000');
  });
});

describe('PATCH /models/{id}', () => {
  it('changes a price that the next run is costed with, leaving earlier costs alone', async () => {
    const created = modelView.parse((await create({ provider: 'openai', model: 'repriced', inputPerMillion: '1', outputPerMillion: '2' })).body);
    await givenModelPrompt('priced', { template: 'Hi {{ who }}', modelConfig: { provider: 'openai', model: 'repriced' } });
    const run = async () => {
      fake.enqueue({ promptTokens: 1000, completionTokens: 100 });
      return runSummary.parse((await callApi('runPrompt', { key: keys.service, params: { name: 'priced' }, body: { variables: { who: 'Ada' } } })).body);
    };
    // 1000 × 1 + 100 × 2 = 1200 per million.
    const before = await run();
    expect(before.costUsd).toBe('0.0012000000');

    const res = await change(created.id, { inputPerMillion: '3', outputPerMillion: '4.5' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(modelView.parse(res.body)).toMatchObject({ id: created.id, inputPerMillion: '3.0000000000', outputPerMillion: '4.5000000000' });

    // 1000 × 3 + 100 × 4.5 = 3450 per million, right away: the price cache is cleared.
    const after = await run();
    expect(after.costUsd).toBe('0.0034500000');
    expect(await executionRow(after.executionId)).toMatchObject({ costUsd: '0.0034500000' });
    expect(await executionRow(before.executionId)).toMatchObject({ costUsd: '0.0012000000' });

    const audit = await modelAudit('openai/repriced');
    expect(audit.map((a) => a.action)).toEqual(['model.created', 'model.updated']);
    expect(audit[1]!.before).toMatchObject({ inputPerMillion: '1.0000000000', outputPerMillion: '2.0000000000' });
    expect(audit[1]!.after).toMatchObject({ inputPerMillion: '3.0000000000', outputPerMillion: '4.5000000000' });
  });

  it('deactivates a model, which stays listed and priced', async () => {
    const gpt4o = (await catalog()).models.find((m) => m.model === 'gpt-4o')!;
    const res = await change(gpt4o.id, { active: false });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ active: false, inputPerMillion: '2.5000000000', outputPerMillion: '10.0000000000' });
    expect((await catalog()).models.find((m) => m.id === gpt4o.id)).toMatchObject({ active: false, inputPerMillion: '2.5000000000' });
    const back = await change(gpt4o.id, { active: true });
    expect(back.body.active).toBe(true);
  });

  it('refuses an editor, a bad price and an empty change, and changes nothing', async () => {
    const target = (await catalog()).models.find((m) => m.model === 'gpt-4.1')!;
    expectError(await leavesDatabaseAsItWas(() => change(target.id, { inputPerMillion: '0' }, keys.editor)), 403, 'forbidden');
    expectError(await leavesDatabaseAsItWas(() => change(target.id, { inputPerMillion: '-2' })), 400, 'invalid');
    expectError(await leavesDatabaseAsItWas(() => change(target.id, { outputPerMillion: '1.00000000001' })), 400, 'invalid');
    expect(expectError(await leavesDatabaseAsItWas(() => change(target.id, {})), 400, 'invalid').message).toMatch(/nothing to change/);
  });

  it('answers 404 for an unknown model and 400 for an id that is not one', async () => {
    expectError(await leavesDatabaseAsItWas(() => change('00000000-0000-4000-8000-000000000000', { active: false })), 404, 'not_found');
    expectError(await leavesDatabaseAsItWas(() => change('gpt-4o', { active: false })), 400, 'invalid');
  });
});
