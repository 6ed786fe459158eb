import crypto from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { rowsOf } from '@/db/queries/prompts';
import { executionMetrics } from '@/db/schema';
import { executionCompleted, metricsRecorded } from '@/lib/executions/views';
import { callApi, expectError, withApiKeys } from '../support/api';
import { withTestDatabase } from '../support/db';
import { executionRow, givenExperiment } from '../support/experiments';
import { givenPrompt } from '../support/prompts';
import { leavesDatabaseAsItWas } from '../support/snapshot';

// Outcomes: completing an execution, and metrics attached to it: idempotent per
// (execution, name), all or nothing per call, finite numbers only.

withTestDatabase();
const keys = withApiKeys();

beforeAll(async () => {
  await givenPrompt('reply', { versions: 2, labels: ['production'] });
  await givenExperiment('reply-test', 'reply', { guardrailMetrics: [{ name: 'latency', type: 'continuous', direction: 'decrease' }] }, { start: true });
});

const resolveOne = async (unitId?: string) => {
  const res = await callApi('resolvePrompt', { key: keys.service, params: { name: 'reply' }, body: { unitId, variables: { name: 'x' } } });
  expect(res.status).toBe(200);
  return res.body.executionId as string;
};
const metricsOf = (id: string) => getDb().select().from(executionMetrics).where(eq(executionMetrics.executionId, id));
const unknownId = () => crypto.randomUUID();

describe('PATCH /executions/{id}', () => {
  it('completes the execution with its status, tokens, latency and exact cost', async () => {
    const id = await resolveOne('u1');
    const res = await callApi('completeExecution', {
      key: keys.service,
      params: { id },
      body: { status: 'success', latencyMs: 1234, inputTokens: 812, outputTokens: 97, costUsd: 0.0012345, output: 'Dear customer…' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(executionCompleted.parse(res.body)).toMatchObject({ id, status: 'success' });
    expect(await executionRow(id)).toMatchObject({ status: 'success', latencyMs: 1234, inputTokens: 812, outputTokens: 97, output: 'Dear customer…', error: null });
    const [cost] = rowsOf<{ exact: boolean; text: string }>(
      await getDb().execute(sql`select cost_usd = 0.0012345 as exact, cost_usd::text as text from executions where id = ${id}::uuid`),
    );
    expect(cost).toEqual({ exact: true, text: '0.0012345000' });
  });

  it('keeps a cost with ten decimals exactly', async () => {
    const id = await resolveOne();
    await callApi('completeExecution', { key: keys.service, params: { id }, body: { status: 'success', costUsd: 123.0000000001 } });
    const [cost] = rowsOf<{ text: string }>(await getDb().execute(sql`select cost_usd::text as text from executions where id = ${id}::uuid`));
    expect(cost!.text).toBe('123.0000000001');
  });

  it('records an error outcome', async () => {
    const id = await resolveOne();
    const res = await callApi('completeExecution', { key: keys.service, params: { id }, body: { status: 'timeout', error: 'upstream took 30 s' } });
    expect(res.body.status).toBe('timeout');
    expect(await executionRow(id)).toMatchObject({ status: 'timeout', error: 'upstream took 30 s', costUsd: null });
  });

  it('answers 404 for an unknown execution and 400 for an id that is no UUID', async () => {
    const unknown = await leavesDatabaseAsItWas(() => callApi('completeExecution', { key: keys.service, params: { id: unknownId() }, body: { status: 'success' } }));
    expectError(unknown, 404, 'not_found');
    const bad = await leavesDatabaseAsItWas(() => callApi('completeExecution', { key: keys.service, params: { id: 'not-a-uuid' }, body: { status: 'success' } }));
    expectError(bad, 400, 'invalid');
  });

  it('refuses an unknown status or a negative cost with 400', async () => {
    const id = await resolveOne();
    expectError(await leavesDatabaseAsItWas(() => callApi('completeExecution', { key: keys.service, params: { id }, body: { status: 'done' } })), 400, 'invalid');
    expectError(await leavesDatabaseAsItWas(() => callApi('completeExecution', { key: keys.service, params: { id }, body: { status: 'success', costUsd: -1 } })), 400, 'invalid');
  });
});

describe('POST /executions/{id}/metrics', () => {
  it("attaches a metric, copying the execution's experiment, variant and unit for aggregation", async () => {
    const id = await resolveOne('u2');
    const res = await callApi('recordExecutionMetric', { key: keys.service, params: { id }, body: { name: 'conversion', value: 1 } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(metricsRecorded.parse(res.body)).toEqual({ recorded: 1 });
    const execution = await executionRow(id);
    expect(execution!.experimentId).not.toBeNull();
    expect(await metricsOf(id)).toMatchObject([{ name: 'conversion', value: 1, experimentId: execution!.experimentId, variant: execution!.variant, unitId: 'u2' }]);
  });

  it('copies no unit when the execution was resolved without a unitId', async () => {
    const id = await resolveOne();
    expect((await callApi('recordMetrics', { key: keys.service, body: { items: [{ executionId: id, name: 'latency', value: 120 }] } })).status).toBe(200);
    const execution = await executionRow(id);
    expect(await metricsOf(id)).toMatchObject([{ name: 'latency', value: 120, experimentId: execution!.experimentId, variant: execution!.variant, unitId: null }]);
  });

  it('keeps the last value when the same name is written twice', async () => {
    const id = await resolveOne('u3');
    await callApi('recordExecutionMetric', { key: keys.service, params: { id }, body: { name: 'latency', value: 840 } });
    await callApi('recordExecutionMetric', { key: keys.service, params: { id }, body: { name: 'latency', value: 410.5 } });
    expect((await metricsOf(id)).map((m) => [m.name, m.value])).toEqual([['latency', 410.5]]);
  });

  const notFinite: [string, string][] = [
    ['a string', '{"name":"conversion","value":"1"}'],
    ['null', '{"name":"conversion","value":null}'],
    ['a missing value', '{"name":"conversion"}'],
    ['a number too large for a double (Infinity)', '{"name":"conversion","value":1e400}'],
    ['a boolean', '{"name":"conversion","value":true}'],
  ];
  for (const [what, rawBody] of notFinite) {
    it(`refuses ${what} as a value with 400 and writes nothing`, async () => {
      const id = await resolveOne();
      const res = await leavesDatabaseAsItWas(() => callApi('recordExecutionMetric', { key: keys.service, params: { id }, rawBody }));
      expect(expectError(res, 400, 'invalid').details).toMatchObject({ issues: [{ path: 'value' }] });
    });
  }

  it('refuses a metric name that is no slug with 400', async () => {
    const id = await resolveOne();
    const res = await leavesDatabaseAsItWas(() => callApi('recordExecutionMetric', { key: keys.service, params: { id }, body: { name: 'Conversion Rate', value: 1 } }));
    expectError(res, 400, 'invalid');
  });

  it('answers 404 for an unknown execution and 400 for an id that is no UUID', async () => {
    const id = unknownId();
    const unknown = await leavesDatabaseAsItWas(() => callApi('recordExecutionMetric', { key: keys.service, params: { id }, body: { name: 'conversion', value: 1 } }));
    expect(expectError(unknown, 404, 'not_found').message).toContain(id);
    const bad = await leavesDatabaseAsItWas(() => callApi('recordExecutionMetric', { key: keys.service, params: { id: '12345' }, body: { name: 'conversion', value: 1 } }));
    expectError(bad, 400, 'invalid');
  });

  it('attaches metrics to executions outside any experiment too', async () => {
    await givenPrompt('no-experiment', { labels: ['production'] });
    const resolved = await callApi('resolvePrompt', { key: keys.service, params: { name: 'no-experiment' }, body: { variables: { name: 'x' } } });
    const id = resolved.body.executionId;
    expect((await callApi('recordExecutionMetric', { key: keys.service, params: { id }, body: { name: 'rating', value: 4 } })).status).toBe(200);
    expect(await metricsOf(id)).toMatchObject([{ name: 'rating', value: 4, experimentId: null, variant: null, unitId: null }]);
  });
});

describe('POST /metrics (batch)', () => {
  let ids: string[] = [];
  beforeAll(async () => {
    ids = await Promise.all(Array.from({ length: 500 }, (_, i) => resolveOne(`batch-${i}`)));
  });

  it('writes 1,000 items in one call', async () => {
    const items = ids.flatMap((executionId, i) => [
      { executionId, name: 'conversion', value: i % 3 === 0 ? 1 : 0 },
      { executionId, name: 'latency', value: 100 + i },
    ]);
    const res = await callApi('recordMetrics', { key: keys.service, body: { items } });
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200);
    expect(res.body).toEqual({ recorded: 1000 });
    const [stored] = rowsOf<{ n: number; sum: number }>(
      await getDb().execute(sql`select count(*)::int as n, sum(value)::float8 as sum from execution_metrics
        where execution_id in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})`),
    );
    const expectedSum = items.reduce((s, i) => s + i.value, 0);
    expect({ n: Number(stored!.n), sum: Number(stored!.sum) }).toEqual({ n: 1000, sum: expectedSum });
    // Each value carries its execution's unit, so results group it per unit without a join.
    const units = rowsOf<{ unit_id: string | null; n: number }>(
      await getDb().execute(sql`select unit_id, count(*)::int as n from execution_metrics
        where execution_id in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)}) group by unit_id`),
    );
    expect(units.length).toBe(500);
    expect(new Set(units.map((u) => u.unit_id))).toEqual(new Set(ids.map((_, i) => `batch-${i}`)));
    expect(units.every((u) => Number(u.n) === 2)).toBe(true);
  });

  it('writes nothing when one of the executions is unknown, and names it', async () => {
    const stranger = unknownId();
    const items = ids.slice(0, 99).map((executionId) => ({ executionId, name: 'quality', value: 0.5 }));
    items.splice(42, 0, { executionId: stranger, name: 'quality', value: 0.5 });
    const res = await leavesDatabaseAsItWas(() => callApi('recordMetrics', { key: keys.service, body: { items } }));
    expect(expectError(res, 404, 'not_found').details).toEqual({ unknown: [stranger] });
  });

  it('writes nothing when one item is invalid', async () => {
    const items = ids.slice(0, 10).map((executionId) => ({ executionId, name: 'quality', value: 0.5 }));
    items.push({ executionId: ids[10]!, name: 'quality', value: 'high' as unknown as number });
    const res = await leavesDatabaseAsItWas(() => callApi('recordMetrics', { key: keys.service, body: { items } }));
    expect(expectError(res, 400, 'invalid').details).toMatchObject({ issues: [{ path: 'items.10.value' }] });
  });

  it('refuses 1,001 items and an empty batch with 400', async () => {
    const items = Array.from({ length: 1001 }, (_, i) => ({ executionId: ids[i % ids.length]!, name: `m${Math.floor(i / ids.length)}`, value: 1 }));
    const res = await leavesDatabaseAsItWas(() => callApi('recordMetrics', { key: keys.service, body: { items } }));
    expect(expectError(res, 400, 'invalid').message).toMatch(/1,000/);
    expectError(await leavesDatabaseAsItWas(() => callApi('recordMetrics', { key: keys.service, body: { items: [] } })), 400, 'invalid');
  });

  it('keeps the last value of a pair repeated within one batch, and counts it once', async () => {
    const [a, b] = ids;
    const res = await callApi('recordMetrics', {
      key: keys.service,
      body: {
        items: [
          { executionId: a, name: 'rating', value: 1 },
          { executionId: b, name: 'rating', value: 2 },
          { executionId: a, name: 'rating', value: 5 },
        ],
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ recorded: 2 });
    const rating = async (id: string) =>
      (await getDb().select().from(executionMetrics).where(and(eq(executionMetrics.executionId, id), eq(executionMetrics.name, 'rating')))).map((m) => m.value);
    expect(await rating(a!)).toEqual([5]);
    expect(await rating(b!)).toEqual([2]);
  });
});

describe('a metric written twice counts once in results', () => {
  it('reports the last value of each (execution, name) and counts each execution once', async () => {
    await givenPrompt('twice', { versions: 2, labels: ['production'] });
    await givenExperiment('twice-test', 'twice', { guardrailMetrics: [{ name: 'latency', type: 'continuous', direction: 'decrease' }] }, { start: true });
    const resolved = await callApi('resolvePrompt', { key: keys.service, params: { name: 'twice' }, body: { unitId: 'only-one', variables: { name: 'x' } } });
    const { executionId, experiment } = resolved.body;
    for (const value of [1, 0, 1]) await callApi('recordExecutionMetric', { key: keys.service, params: { id: executionId }, body: { name: 'conversion', value } });
    for (const value of [900, 300]) await callApi('recordMetrics', { key: keys.service, body: { items: [{ executionId, name: 'latency', value }] } });

    const results = (await callApi('experimentResults', { key: keys.viewer, params: { key: 'twice-test' } })).body;
    const [primary, latency] = results.metrics;
    expect(primary.summaries[experiment.variant]).toEqual({ type: 'binary', n: 1, conversions: 1, rate: 1 });
    expect(latency.summaries[experiment.variant]).toEqual({ type: 'continuous', n: 1, mean: 300, variance: null, sum: 300 });
  });
});
