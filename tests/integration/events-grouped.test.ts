import crypto from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { executionMetrics, executions } from '@/db/schema';
import { assignVariant, runningExperiment } from '@/lib/experiments/serving';
import { createVersion } from '@/lib/prompts/registry';
import { newVersionInput } from '@/lib/prompts/schemas';
import { eventBatchResult } from '@/lib/serving/schemas';
import { admin } from '../support/actors';
import { callApi, withApiKeys } from '../support/api';
import { withTestDatabase } from '../support/db';
import { givenExperiment } from '../support/experiments';
import { givenPrompt } from '../support/prompts';

// The hot writers share statements across requests (group commit) and check events against the
// serving cache. Neither may change what a client is told: concurrent requests keep their own
// outcome, an id two batches share is recorded once, and a registry change made on another
// instance, which this one's cache has not seen, does not get an event refused.

withTestDatabase();
const keys = withApiKeys();

type Event = Record<string, unknown>;
const event = (fields: Event): Event => ({ id: crypto.randomUUID(), version: 1, variables: { name: 'x' }, ...fields });
const send = async (body: { executions?: Event[]; metrics?: Event[] }) => {
  const res = await callApi('recordEvents', { key: keys.service, body });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return eventBatchResult.parse(res.body);
};
const stored = (ids: string[]) => getDb().select({ id: executions.id }).from(executions).where(inArray(executions.id, ids));
const metricsOf = (ids: string[]) => getDb().select().from(executionMetrics).where(inArray(executionMetrics.executionId, ids));

/**
 * Runs `change` as another instance would make it: this process's serving cache keeps what it
 * held for the prompt before (the change's own invalidation reaches only this process here).
 */
async function changedElsewhere(prompt: string, change: () => Promise<unknown>) {
  const cache = (globalThis as unknown as { __versoServing: Map<string, unknown> }).__versoServing;
  const before = cache.get(prompt);
  expect(before, 'the cache holds the prompt before the change').toBeDefined();
  await change();
  cache.set(prompt, before);
}

beforeAll(async () => {
  await givenPrompt('grp/plain', { versions: 1, labels: ['production'] });
  await givenPrompt('grp/exp', { versions: 2, labels: ['production'] });
});

describe('event batches arriving together', () => {
  it('records an id that several concurrent batches carry exactly once, and counts it a duplicate everywhere else', async () => {
    const shared = event({ prompt: 'grp/plain' });
    const batches = Array.from({ length: 12 }, () => [shared, event({ prompt: 'grp/plain' })]);
    const results = await Promise.all(batches.map((executions) => send({ executions })));
    expect(results.reduce((n, r) => n + r.executions.recorded, 0)).toBe(13);
    expect(results.reduce((n, r) => n + r.executions.duplicates, 0)).toBe(11);
    const all = [...new Set(batches.flat().map((e) => e.id as string))];
    expect(await stored(all)).toHaveLength(13);
  });

  it('attaches each batch’s metrics to its own executions, and refuses only the unknown ones', async () => {
    const batches = Array.from({ length: 8 }, (_, i) => {
      const served = event({ prompt: 'grp/plain' });
      const unknown = crypto.randomUUID();
      return { executions: [served], metrics: [{ executionId: served.id, name: 'conversion', value: i % 2 }, ...(i === 3 ? [{ executionId: unknown, name: 'conversion', value: 1 }] : [])] };
    });
    const results = await Promise.all(batches.map((b) => send(b)));
    expect(results.map((r) => r.metrics.recorded)).toEqual(Array(8).fill(1));
    expect(results.map((r) => r.metrics.rejected.length)).toEqual([0, 0, 0, 1, 0, 0, 0, 0]);
    const rows = await metricsOf(batches.map((b) => b.executions[0]!.id as string));
    expect(new Map(rows.map((r) => [r.executionId, r.value]))).toEqual(new Map(batches.map((b, i) => [b.executions[0]!.id as string, i % 2])));
  });
});

describe('metric requests arriving together', () => {
  it('refuses a request naming an unknown execution whole, and records every other request', async () => {
    const ids = await Promise.all(
      Array.from({ length: 6 }, async () => {
        const e = event({ prompt: 'grp/plain' });
        await send({ executions: [e] });
        return e.id as string;
      }),
    );
    const unknown = crypto.randomUUID();
    const requests = ids.map((id, i) => ({ items: [{ executionId: id, name: 'rating', value: i }, ...(i === 2 ? [{ executionId: unknown, name: 'rating', value: 5 }] : [])] }));
    const responses = await Promise.all(requests.map((body) => callApi('recordMetrics', { key: keys.service, body })));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 404, 200, 200, 200]);
    expect(responses[2]!.body).toMatchObject({ error: { code: 'not_found', details: { unknown: [unknown] } } });
    const rows = await metricsOf(ids);
    expect(rows.map((r) => r.executionId).sort()).toEqual(ids.filter((_, i) => i !== 2).sort());
  });

  it('keeps one value per execution and name when concurrent requests set it, and the next request replaces it', async () => {
    const e = event({ prompt: 'grp/plain' });
    await send({ executions: [e] });
    const values = [1, 2, 3, 4, 5, 6, 7, 8];
    const responses = await Promise.all(values.map((value) => callApi('recordMetrics', { key: keys.service, body: { items: [{ executionId: e.id, name: 'score', value }] } })));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    const [row, ...more] = await metricsOf([e.id as string]);
    expect(more).toEqual([]);
    expect(values).toContain(row!.value);
    await callApi('recordMetrics', { key: keys.service, body: { items: [{ executionId: e.id, name: 'score', value: 42 }] } });
    expect((await getDb().select().from(executionMetrics).where(eq(executionMetrics.executionId, e.id as string)))[0]!.value).toBe(42);
  });
});

describe('a registry change this instance has not seen', () => {
  it('accepts an event of a version created on another instance', async () => {
    await send({ executions: [event({ prompt: 'grp/exp', version: 2 })] });
    await changedElsewhere('grp/exp', () => createVersion(admin, 'grp/exp', newVersionInput.parse({ template: 'v3 {{ name }}', commitMessage: 'v3' })));
    const fresh = event({ prompt: 'grp/exp', version: 3 });
    expect((await send({ executions: [fresh] })).executions).toEqual({ recorded: 1, duplicates: 0, rejected: [] });
  });

  it('accepts an event of an experiment started on another instance, with the server’s own assignment check', async () => {
    await givenPrompt('grp/later', { versions: 2, labels: ['production'] });
    await send({ executions: [event({ prompt: 'grp/later' })] });
    await changedElsewhere('grp/later', () => givenExperiment('grp-later', 'grp/later', {}, { start: true }));
    const experiment = (await runningExperiment('grp/later'))!;
    const served = (unitId: string, variant: string) => event({ prompt: 'grp/later', version: variant === 'b' ? 2 : 1, experiment: { key: 'grp-later', variant }, unitId });
    const assigned = assignVariant(experiment, 'u-1')!.key;
    const other = assigned === 'b' ? 'control' : 'b';
    const good = served('u-1', assigned);
    const wrong = served('u-1', other);
    const result = await send({ executions: [good, wrong] });
    expect(result.executions.recorded).toBe(1);
    expect(result.executions.rejected).toEqual([{ id: wrong.id, reason: `Unit u-1 gets variant ${assigned}, not ${other}.` }]);
  });
});
