import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { auditEvents } from '@/db/schema';
import { authenticateApiKey, createApiKey } from '@/lib/auth/api-keys';
import { systemActor } from '@/lib/auth/roles';
import { resolvePrompt } from '@/lib/executions/resolve';
import { resolveInput } from '@/lib/executions/schemas';
import { callApi, withApiKeys } from '../support/api';
import { withTestDatabase } from '../support/db';
import { executionRow } from '../support/experiments';
import { givenModelPrompt, withFakeOpenAI } from '../support/model-env';
import { givenPrompt } from '../support/prompts';
import { leavesDatabaseAsItWas } from '../support/snapshot';

// An execution belongs to the API key that served it: only that key completes it (status,
// tokens and cost feed the cost reports and results), an admin key may complete any and is
// audited for it, and outcomes (metrics) may come from any service key.

withTestDatabase();
const keys = withApiKeys();
withFakeOpenAI();
let otherService: { key: string; id: string };

beforeAll(async () => {
  await givenPrompt('owned', { versions: 1, labels: ['production'] });
  await givenModelPrompt('owned/run', { template: 'Say hi', modelConfig: { provider: 'openai', model: 'gpt-4o-mini' } });
  const made = await createApiKey(systemActor, { name: 'billing-service', role: 'service' });
  otherService = { key: made.key, id: made.apiKey.id };
});

const keyIdOf = async (key: string) => (await authenticateApiKey(key)).id;
const resolveWith = async (key: string) => {
  const res = await callApi('resolvePrompt', { key, params: { name: 'owned' }, body: { unitId: 'u1', variables: { name: 'x' } } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.executionId as string;
};
const completedAudit = (id: string) =>
  getDb().select().from(auditEvents).where(and(eq(auditEvents.entityType, 'execution'), eq(auditEvents.entityId, id)));

describe('the key that served an execution', () => {
  it('is recorded on the execution by resolve, run and the gateway', async () => {
    const serviceId = await keyIdOf(keys.service);
    const resolved = await resolveWith(keys.service);
    const run = await callApi('runPrompt', { key: keys.service, params: { name: 'owned/run' }, body: {} });
    const gateway = await callApi('createChatCompletion', { key: keys.service, body: { model: 'prompt:owned/run' } });
    const proxied = await callApi('createChatCompletion', { key: keys.service, body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] } });
    const ids = [resolved, run.body.executionId, gateway.headers.get('x-verso-execution-id'), proxied.headers.get('x-verso-execution-id')];
    for (const id of ids) expect((await executionRow(id!))?.apiKeyId, id!).toBe(serviceId);
  });

  it('completes it, unaudited, as the serving path', async () => {
    const id = await resolveWith(keys.service);
    const res = await callApi('completeExecution', { key: keys.service, params: { id }, body: { status: 'success', costUsd: 0.01 } });
    expect(res.status).toBe(200);
    expect(await executionRow(id)).toMatchObject({ status: 'success', costUsd: '0.0100000000' });
    expect(await completedAudit(id)).toEqual([]);
  });
});

describe('another key', () => {
  it('may not complete it, and changes nothing (403: the application learns why)', async () => {
    const id = await resolveWith(keys.service);
    for (const key of [otherService.key, keys.editor]) {
      const res = await leavesDatabaseAsItWas(() => callApi('completeExecution', { key, params: { id }, body: { status: 'success', costUsd: 999 } }));
      expect({ status: res.status, code: res.body.error.code }).toEqual({ status: 403, code: 'forbidden' });
      expect(res.body.error.message).toMatch(/needs the API key that served it, or an admin key/);
    }
    expect(await executionRow(id)).toMatchObject({ status: 'resolved', costUsd: null });
  });

  it('may report its outcomes: metrics often come from another service', async () => {
    const id = await resolveWith(keys.service);
    const res = await callApi('recordExecutionMetric', { key: otherService.key, params: { id }, body: { name: 'conversion', value: 1 } });
    expect(res.status).toBe(200);
  });
});

describe('an admin key', () => {
  it("completes another key's execution and is audited with the fields before and after, in the same transaction", async () => {
    const id = await resolveWith(keys.service);
    const res = await callApi('completeExecution', {
      key: keys.admin,
      params: { id },
      body: { status: 'error', error: 'refunded', costUsd: 0, inputTokens: 3 },
    });
    expect(res.status).toBe(200);
    const events = await completedAudit(id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: 'execution.completed',
      actorType: 'api_key',
      actorName: 'key:admin',
      before: { status: 'resolved', error: null, costUsd: null, inputTokens: null },
      after: { status: 'error', error: 'refunded', costUsd: '0.0000000000', inputTokens: 3 },
    });
    // Only the fields the call changed are in the event.
    expect(Object.keys(events[0]!.after as object).sort()).toEqual(['costUsd', 'error', 'inputTokens', 'status']);
  });

  it('completes an execution served without a key (the console), audited; a service key may not', async () => {
    const { executionId: id } = await resolvePrompt('owned', resolveInput.parse({ variables: { name: 'x' } }));
    expect((await executionRow(id))?.apiKeyId).toBeNull();
    const refused = await leavesDatabaseAsItWas(() => callApi('completeExecution', { key: keys.service, params: { id }, body: { status: 'success' } }));
    expect(refused.status).toBe(403);
    expect((await callApi('completeExecution', { key: keys.admin, params: { id }, body: { status: 'success' } })).status).toBe(200);
    expect((await completedAudit(id)).map((e) => e.action)).toEqual(['execution.completed']);
  });

  it('completes the executions it served itself without an audit event: that is its serving path', async () => {
    const id = await resolveWith(keys.admin);
    expect((await callApi('completeExecution', { key: keys.admin, params: { id }, body: { status: 'success' } })).status).toBe(200);
    expect(await completedAudit(id)).toEqual([]);
  });

  it('answers 404 for an execution that does not exist', async () => {
    const res = await callApi('completeExecution', { key: keys.admin, params: { id: crypto.randomUUID() }, body: { status: 'success' } });
    expect(res.status).toBe(404);
  });
});
