import crypto from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { executionMetrics, executions } from '@/db/schema';
import { authenticateApiKey } from '@/lib/auth/api-keys';
import { experimentRecord, transitionExperiment } from '@/lib/experiments/experiments';
import { experimentResults } from '@/lib/experiments/results';
import { assignVariant, runningExperiment } from '@/lib/experiments/serving';
import { resolvePrompt } from '@/lib/executions/resolve';
import { resolveInput } from '@/lib/executions/schemas';
import { priceOf } from '@/lib/models/catalog';
import { eventBatchResult } from '@/lib/serving/schemas';
import { admin } from '../support/actors';
import { callApi, expectError, withApiKeys } from '../support/api';
import { withTestDatabase } from '../support/db';
import { executionRow, givenExperiment } from '../support/experiments';
import { givenPrompt } from '../support/prompts';
import { leavesDatabaseAsItWas } from '../support/snapshot';

// POST /events: what an SDK served itself, reported afterwards. Each execution is recorded once
// whatever the retries, checked against the registry and against the server's own assignment,
// and refused alone (with its reason) when it does not fit.

withTestDatabase();
const keys = withApiKeys();

/** Units by the variant the server assigns them (null: outside the coverage), found by trying. */
const unitsOf: Record<string, Record<string, string[]>> = {};
async function findUnits(prompt: string) {
  const experiment = (await runningExperiment(prompt))!;
  const found: Record<string, string[]> = {};
  for (let i = 0; i < 400; i++) {
    const unit = `${prompt}-user-${i}`;
    (found[assignVariant(experiment, unit)?.key ?? 'none'] ??= []).push(unit);
  }
  unitsOf[prompt] = found;
}
const unit = (prompt: string, variant: string, n = 0) => unitsOf[prompt]![variant]![n]!;

beforeAll(async () => {
  await givenPrompt('ev/plain', { versions: 2, labels: ['production'] });
  await givenPrompt('ev/exp', { versions: 2, labels: ['production'] });
  await givenExperiment('ev-test', 'ev/exp', { coverage: 0.5 }, { start: true });
  await givenPrompt('ev/count', { versions: 2, labels: ['production'] });
  await givenExperiment('ev-count', 'ev/count', {}, { start: true });
  await findUnits('ev/exp');
  await findUnits('ev/count');
});

type Event = Record<string, unknown>;
const event = (fields: Event): Event => ({ id: crypto.randomUUID(), version: 1, variables: { name: 'x' }, ...fields });
const send = async (body: { executions?: Event[]; metrics?: Event[] }, key = keys.service) => {
  const res = await callApi('recordEvents', { key, body });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return eventBatchResult.parse(res.body);
};
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

describe('recording executions', () => {
  it('records a variant served by an SDK with every field, as source sdk, owned by the calling key', async () => {
    const unitId = unit('ev/exp', 'b');
    const createdAt = minutesAgo(90);
    const e = event({
      prompt: 'ev/exp',
      version: 2,
      experiment: { key: 'ev-test', variant: 'b' },
      unitId,
      attributes: { plan: 'pro' },
      metadata: { route: '/checkout' },
      sessionId: 'session-1',
      createdAt: createdAt.toISOString(),
      status: 'success',
      provider: 'openai',
      model: 'gpt-4o-mini',
      latencyMs: 850,
      inputTokens: 120,
      outputTokens: 40,
      output: 'Hello there',
    });
    expect(await send({ executions: [e] })).toEqual({ executions: { recorded: 1, duplicates: 0, rejected: [] }, metrics: { recorded: 0, rejected: [] } });
    const { id: experimentId } = await experimentRecord('ev-test');
    const service = await authenticateApiKey(keys.service);
    expect(await executionRow(e.id as string)).toMatchObject({
      promptName: 'ev/exp',
      version: 2,
      label: null,
      experimentId,
      variant: 'b',
      unitId,
      sticky: true,
      status: 'success',
      source: 'sdk',
      variables: { name: 'x' },
      attributes: { plan: 'pro' },
      metadata: { route: '/checkout' },
      sessionId: 'session-1',
      provider: 'openai',
      model: 'gpt-4o-mini',
      latencyMs: 850,
      inputTokens: 120,
      outputTokens: 40,
      output: 'Hello there',
      apiKeyId: service.id,
      createdAt,
      completedAt: new Date(createdAt.getTime() + 850),
    });
    // Priced at the catalog's price, as run prices the calls Verso makes.
    const price = (await priceOf('openai', 'gpt-4o-mini'))!;
    const expected = (120 * Number(price.inputPerMillion) + 40 * Number(price.outputPerMillion)) / 1e6;
    expect(expected).toBeGreaterThan(0);
    expect(Number((await executionRow(e.id as string))!.costUsd)).toBeCloseTo(expected, 10);
  });

  it('records a label served without a unit as unsticky, not completed, outside any experiment', async () => {
    const e = event({ prompt: 'ev/plain', label: 'production' });
    expect((await send({ executions: [e] })).executions.recorded).toBe(1);
    const row = await executionRow(e.id as string);
    expect(row).toMatchObject({ label: 'production', experimentId: null, variant: null, unitId: null, sticky: false, status: 'resolved', completedAt: null, source: 'sdk' });
    expect(Math.abs(row!.createdAt.getTime() - Date.now())).toBeLessThan(10_000);
  });

  it('accepts a variant without a unit (drawn per request) and marks it unsticky', async () => {
    const e = event({ prompt: 'ev/exp', version: 1, experiment: { key: 'ev-test', variant: 'control' } });
    expect((await send({ executions: [e] })).executions.recorded).toBe(1);
    expect(await executionRow(e.id as string)).toMatchObject({ variant: 'control', unitId: null, sticky: false });
  });

  it('counts an id sent again once, in this call or a later one, and never overwrites the row', async () => {
    const resolved = await resolvePrompt('ev/plain', resolveInput.parse({ unitId: 'someone', variables: { name: 'x' } }));
    const a = event({ prompt: 'ev/plain', unitId: 'dup-1' });
    const first = await send({ executions: [a, { ...a, unitId: 'dup-2' }] });
    expect(first.executions).toEqual({ recorded: 1, duplicates: 1, rejected: [] });
    // The same id for another prompt, and the id of an execution resolve recorded: duplicates too.
    const second = await send({ executions: [a, { ...a, prompt: 'ev/exp', unitId: 'dup-3' }, event({ id: resolved.executionId, prompt: 'ev/exp' })] });
    expect(second.executions).toEqual({ recorded: 0, duplicates: 3, rejected: [] });
    expect(await executionRow(a.id as string)).toMatchObject({ promptName: 'ev/plain', unitId: 'dup-1' });
    expect(await executionRow(resolved.executionId)).toMatchObject({ promptName: 'ev/plain', source: 'resolve', unitId: 'someone' });
  });

  it('counts a unit once in the results when a batch is retried', async () => {
    const [control, b] = [unit('ev/count', 'control'), unit('ev/count', 'b')];
    const batch = {
      executions: [
        event({ prompt: 'ev/count', version: 1, experiment: { key: 'ev-count', variant: 'control' }, unitId: control }),
        event({ prompt: 'ev/count', version: 1, experiment: { key: 'ev-count', variant: 'control' }, unitId: control }),
        event({ prompt: 'ev/count', version: 2, experiment: { key: 'ev-count', variant: 'b' }, unitId: b }),
      ],
    };
    const withMetric = { ...batch, metrics: [{ executionId: batch.executions[2]!.id, name: 'conversion', value: 1 }] };
    expect((await send(withMetric)).executions).toEqual({ recorded: 3, duplicates: 0, rejected: [] });
    // The retry after a timeout the client could not tell from a failure.
    expect(await send(withMetric)).toEqual({ executions: { recorded: 0, duplicates: 3, rejected: [] }, metrics: { recorded: 1, rejected: [] } });
    const results = await experimentResults('ev-count');
    expect(results.variants.map((v) => [v.key, v.units, v.executions])).toEqual([
      ['control', 1, 2],
      ['b', 1, 1],
    ]);
    expect(results.metrics[0]!.summaries).toMatchObject({ control: { n: 1, conversions: 0 }, b: { n: 1, conversions: 1 } });
  });
});

describe('refusing executions', () => {
  it('refuses a variant the unit would not get, or a unit outside the experiment, and records the rest', async () => {
    const [control, outside] = [unit('ev/exp', 'control'), unit('ev/exp', 'none')];
    const wrong = event({ prompt: 'ev/exp', version: 2, experiment: { key: 'ev-test', variant: 'b' }, unitId: control });
    const uncovered = event({ prompt: 'ev/exp', version: 1, experiment: { key: 'ev-test', variant: 'control' }, unitId: outside });
    const right = event({ prompt: 'ev/exp', version: 1, experiment: { key: 'ev-test', variant: 'control' }, unitId: control });
    const result = await send({ executions: [wrong, uncovered, right] });
    expect(result.executions).toEqual({
      recorded: 1,
      duplicates: 0,
      rejected: [
        { id: wrong.id, reason: `Unit ${control} gets variant control, not b.` },
        { id: uncovered.id, reason: `Unit ${outside} is not in experiment "ev-test" (not targeted, or outside its coverage).` },
      ],
    });
    expect(await executionRow(wrong.id as string)).toBeUndefined();
    expect(await executionRow(uncovered.id as string)).toBeUndefined();
    expect(await executionRow(right.id as string)).toMatchObject({ variant: 'control', unitId: control });
  });

  it('refuses unknown prompts, versions, experiments and variants, and a variant on the wrong version', async () => {
    const cases: [Event, string][] = [
      [event({ prompt: 'ev/nothing' }), 'Prompt "ev/nothing" does not exist.'],
      [event({ prompt: 'ev/plain', version: 9 }), 'Prompt "ev/plain" has no version 9.'],
      [event({ prompt: 'ev/exp', experiment: { key: 'ev-none', variant: 'b' } }), 'Experiment "ev-none" does not exist.'],
      [event({ prompt: 'ev/plain', experiment: { key: 'ev-test', variant: 'b' } }), 'Experiment "ev-test" does not test prompt "ev/plain".'],
      [event({ prompt: 'ev/exp', experiment: { key: 'ev-test', variant: 'c' } }), 'Experiment "ev-test" has no variant "c".'],
      [event({ prompt: 'ev/exp', version: 1, experiment: { key: 'ev-test', variant: 'b' } }), 'Variant b of experiment "ev-test" serves version 2, not 1.'],
    ];
    const result = await leavesDatabaseAsItWas(() => send({ executions: cases.map(([e]) => e) }));
    expect(result.executions).toEqual({ recorded: 0, duplicates: 0, rejected: cases.map(([e, reason]) => ({ id: e.id, reason })) });
  });

  it('refuses events more than a minute in the future or more than 7 days old', async () => {
    const future = new Date(Date.now() + 5 * 60_000).toISOString();
    const old = minutesAgo(7 * 24 * 60 + 5).toISOString();
    const result = await send({ executions: [event({ prompt: 'ev/plain', createdAt: future }), event({ prompt: 'ev/plain', createdAt: old }), event({ prompt: 'ev/plain', createdAt: minutesAgo(6 * 24 * 60).toISOString() })] });
    expect(result.executions.recorded).toBe(1);
    expect(result.executions.rejected.map((r) => r.reason)).toEqual([
      `createdAt ${future} is in the future (more than a minute ahead of the server's clock).`,
      `createdAt ${old} is more than 7 days old.`,
    ]);
  });

  it('accepts events of a paused experiment and refuses those of a completed one', async () => {
    await givenPrompt('ev/life', { versions: 2, labels: ['production'] });
    await givenExperiment('ev-life', 'ev/life', {}, { start: true });
    const experiment = (await runningExperiment('ev/life'))!;
    const served = (unitId: string) => {
      const variant = assignVariant(experiment, unitId)!;
      return event({ prompt: 'ev/life', version: variant.version, experiment: { key: 'ev-life', variant: variant.key }, unitId });
    };
    await transitionExperiment(admin, 'ev-life', 'pause');
    expect((await send({ executions: [served('p1')] })).executions.recorded).toBe(1);
    await transitionExperiment(admin, 'ev-life', 'complete');
    const late = served('p2');
    expect((await send({ executions: [late] })).executions.rejected).toEqual([
      { id: late.id, reason: 'Experiment "ev-life" is completed; events are accepted while it runs or is paused.' },
    ]);
  });
});

describe('metrics in a batch', () => {
  const metricsOf = (ids: string[]) => getDb().select().from(executionMetrics).where(inArray(executionMetrics.executionId, ids));

  it('attaches metrics to executions of the same batch and earlier ones, copying experiment, variant and unit, and refuses unknown ones alone', async () => {
    const unitId = unit('ev/exp', 'b', 1);
    const served = event({ prompt: 'ev/exp', version: 2, experiment: { key: 'ev-test', variant: 'b' }, unitId });
    const earlier = await resolvePrompt('ev/plain', resolveInput.parse({ unitId: 'earlier', variables: { name: 'x' } }));
    const refused = event({ prompt: 'ev/nothing' });
    const unknown = crypto.randomUUID();
    const result = await send({
      executions: [served, refused],
      metrics: [
        { executionId: served.id, name: 'conversion', value: 0 },
        { executionId: served.id, name: 'conversion', value: 1 },
        { executionId: earlier.executionId, name: 'rating', value: 4 },
        { executionId: unknown, name: 'conversion', value: 1 },
        { executionId: refused.id, name: 'conversion', value: 1 },
      ],
    });
    expect(result.metrics).toEqual({
      recorded: 2,
      rejected: [
        { executionId: unknown, name: 'conversion', reason: `Execution ${unknown} does not exist.` },
        { executionId: refused.id, name: 'conversion', reason: 'Its execution was rejected in this batch.' },
      ],
    });
    const { id: experimentId } = await experimentRecord('ev-test');
    const stored = await metricsOf([served.id as string, earlier.executionId, unknown]);
    expect(stored.map((m) => [m.executionId, m.name, m.value, m.experimentId, m.variant, m.unitId]).sort()).toEqual(
      [
        [served.id, 'conversion', 1, experimentId, 'b', unitId],
        [earlier.executionId, 'rating', 4, null, null, 'earlier'],
      ].sort(),
    );
  });
});

describe('who may send, and what is malformed', () => {
  it('refuses a viewer key and writes nothing', async () => {
    const res = await leavesDatabaseAsItWas(() => callApi('recordEvents', { key: keys.viewer, body: { executions: [event({ prompt: 'ev/plain' })] } }));
    expectError(res, 403, 'forbidden');
  });

  it('answers 400 for a malformed batch and writes nothing of it', async () => {
    const good = event({ prompt: 'ev/plain' });
    for (const body of [
      { executions: [good, { ...event({ prompt: 'ev/plain' }), id: 'not-a-uuid' }] },
      { executions: [good, event({ prompt: 'ev/plain', surprise: true })] },
      { executions: [good], metrics: [{ executionId: good.id, name: 'conversion', value: 'high' }] },
      { executions: Array.from({ length: 1001 }, () => event({ prompt: 'ev/plain' })) },
    ]) {
      const res = await leavesDatabaseAsItWas(() => callApi('recordEvents', { key: keys.service, body }));
      expectError(res, 400, 'invalid');
    }
    expect(await getDb().select().from(executions).where(eq(executions.id, good.id as string))).toEqual([]);
  });
});

describe('throughput', () => {
  it('records a full batch of 1,000 executions with 1,000 metrics in one call', async () => {
    const batch = Array.from({ length: 1000 }, (_, i) => {
      const unitId = unit('ev/count', i % 2 ? 'b' : 'control', i % 5);
      const variant = i % 2 ? 'b' : 'control';
      return event({ prompt: 'ev/count', version: variant === 'b' ? 2 : 1, experiment: { key: 'ev-count', variant }, unitId });
    });
    const started = performance.now();
    const result = await send({ executions: batch, metrics: batch.map((e) => ({ executionId: e.id, name: 'conversion', value: 1 })) });
    const ms = performance.now() - started;
    expect(result).toEqual({ executions: { recorded: 1000, duplicates: 0, rejected: [] }, metrics: { recorded: 1000, rejected: [] } });
    console.log(`POST /events: 1,000 executions + 1,000 metrics in ${ms.toFixed(0)} ms`);
  });
});
