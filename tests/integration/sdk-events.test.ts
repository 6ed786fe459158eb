import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { getDb } from '@/db/client';
import { executions } from '@/db/schema';
import { Verso, type Rejection, type ServingSnapshot } from '../../sdk/src/index';
import { withApiKeys } from '../support/api';
import { startAppServer, type AppServer } from '../support/app-server';
import { withTestDatabase } from '../support/db';
import { executionRow, givenExperiment } from '../support/experiments';
import { startLossyProxy, type LossyProxy, type ProxiedRequest } from '../support/lossy-proxy';
import { givenPrompt } from '../support/prompts';

// Events from the SDK reach the experiment's results exactly once: batches retried after a lost
// answer (the server did the work, the client never heard) are not counted twice; outcomes
// travel with their execution or follow it; what the server refuses comes back through
// onRejected, a whole batch refused is split to find the culprit; 429 waits for Retry-After;
// a full buffer drops the oldest, counted and warned about.

withTestDatabase();
const keys = withApiKeys();

const PROMPT = 'sdk/events';
const KEY = 'sdk-events';
let server: AppServer;
let proxy: LossyProxy;
const clients: Verso[] = [];

function client(options: Partial<ConstructorParameters<typeof Verso>[0]> = {}) {
  const verso = new Verso({ baseUrl: proxy.url, apiKey: keys.service, flushOnExit: false, retryBaseMs: 20, retryMaxMs: 200, closeTimeoutMs: 3_000, ...options });
  clients.push(verso);
  return verso;
}

const eventPosts = () => proxy.seen.filter((r) => r.method === 'POST' && r.path === '/api/v1/events');
const idsOf = (r: ProxiedRequest) => (JSON.parse(r.body) as { executions: { id: string }[] }).executions.map((e) => e.id);

beforeAll(async () => {
  await givenPrompt(PROMPT, { versions: 2, labels: ['production'] });
  await givenExperiment(KEY, PROMPT, {}, { start: true });
  await givenPrompt('sdk/other', { versions: 1, labels: ['production'] });
  server = await startAppServer();
  proxy = await startLossyProxy(server.url);
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await proxy?.close();
  await server?.close();
});

async function results(key: string) {
  const response = await fetch(`${server.url}/api/v1/experiments/${key}/results`, { headers: { authorization: `Bearer ${keys.viewer}` } });
  expect(response.status).toBe(200);
  return response.json();
}

describe('events from the SDK', () => {
  it('count each unit once, even when a batch’s answer is lost and the batch is sent again', async () => {
    // Nothing leaves before flush(): the batches are cut by maxBatch alone, however slow the machine.
    const verso = client({ maxBatch: 150, flushIntervalMs: 3_600_000, completeWindowMs: 3_600_000 });
    await verso.ready();
    // The first batch is recorded by the server, then its answer is lost on the way back.
    let dropped = 0;
    proxy.drop = (r) => r.path === '/api/v1/events' && dropped++ === 0;

    const converted = new Map<string, number>();
    const ids: string[] = [];
    for (let i = 0; i < 200; i++) {
      const unitId = `buyer-${i}`;
      // Two executions per unit: still one unit in the results.
      const first = await verso.resolve(PROMPT, { unitId, variables: { name: unitId } });
      const second = await verso.resolve(PROMPT, { unitId, variables: { name: unitId } });
      expect(second.experiment).toEqual(first.experiment);
      ids.push(first.executionId, second.executionId);
      if (i % 3 === 0) {
        verso.metric(first.executionId, 'conversion', 1);
        // The same (execution, name) again: counts once.
        verso.metric(first.executionId, 'conversion', 1);
        const variant = first.experiment!.variant;
        converted.set(variant, (converted.get(variant) ?? 0) + 1);
      }
    }
    await verso.flush();
    proxy.drop = () => false;

    const posts = eventPosts();
    // The lost batch went again, unchanged, and the server took it as duplicates.
    expect(idsOf(posts[1]!)).toEqual(idsOf(posts[0]!));
    const lost = idsOf(posts[0]!).length;
    expect(lost).toBeGreaterThan(0);
    expect(lost).toBeLessThanOrEqual(150);
    expect(verso.status().events).toMatchObject({ buffered: 0, rejected: 0, dropped: 0, sent: { executions: 400 - lost, duplicates: lost } });
    expect(verso.status().events.lastFlushError).toBeNull();

    const [{ count }] = await getDb().select({ count: sql<number>`count(*)::int` }).from(executions).where(inArray(executions.id, ids));
    expect(count).toBe(400);
    const body = await results(KEY);
    const byVariant = Object.fromEntries(body.variants.map((v: { key: string; units: number; executions: number }) => [v.key, v]));
    expect(byVariant.control.units + byVariant.b.units).toBe(200);
    expect(byVariant.control.executions + byVariant.b.executions).toBe(400);
    expect(byVariant.control.executions).toBe(2 * byVariant.control.units);
    const conversion = body.metrics.find((m: { metric: { name: string } }) => m.metric.name === 'conversion');
    for (const v of ['control', 'b']) {
      expect(conversion.summaries[v]).toMatchObject({ type: 'binary', n: byVariant[v].units, conversions: converted.get(v) ?? 0 });
    }
    const rows = await getDb().select({ source: executions.source, status: executions.status }).from(executions).where(inArray(executions.id, ids.slice(0, 2)));
    expect(rows).toEqual([
      { source: 'sdk', status: 'resolved' },
      { source: 'sdk', status: 'resolved' },
    ]);
  });

  it('sends complete() with its execution inside the window, and as a PATCH after it left', async () => {
    const verso = client({ completeWindowMs: 60_000 });
    const early = await verso.resolve('sdk/other', { unitId: 'u-early', variables: { name: 'x' }, sessionId: 's-1', metadata: { route: 'chat' } });
    verso.complete(early.executionId, { status: 'success', output: 'Hello!', latencyMs: 840, inputTokens: 12, outputTokens: 3, model: 'gpt-4o-mini', provider: 'openai' });
    verso.metric(early.executionId, 'rating', 4);
    const late = await verso.resolve('sdk/other', { unitId: 'u-late', variables: { name: 'y' } });
    await verso.flush();
    // One request carried the execution with its outcome and its metric.
    const carried = JSON.parse(eventPosts().at(-1)!.body);
    expect(carried.executions.find((e: { id: string }) => e.id === early.executionId)).toMatchObject({ status: 'success', output: 'Hello!', model: 'gpt-4o-mini' });
    expect(carried.metrics).toEqual([{ executionId: early.executionId, name: 'rating', value: 4 }]);
    expect(await executionRow(early.executionId)).toMatchObject({
      status: 'success',
      output: 'Hello!',
      latencyMs: 840,
      inputTokens: 12,
      outputTokens: 3,
      model: 'gpt-4o-mini',
      provider: 'openai',
      sessionId: 's-1',
      metadata: { route: 'chat' },
    });
    expect((await executionRow(late.executionId))!.status).toBe('resolved');

    verso.complete(late.executionId, { status: 'error', error: 'upstream 500', latencyMs: 20 });
    await verso.flush();
    expect(proxy.seen.at(-1)).toMatchObject({ method: 'PATCH', path: `/api/v1/executions/${late.executionId}` });
    expect(await executionRow(late.executionId)).toMatchObject({ status: 'error', error: 'upstream 500', latencyMs: 20 });
    expect(verso.status().events.sent).toMatchObject({ executions: 2, metrics: 1, completions: 1 });
  });

  it('reports what the server refuses through onRejected, and splits a batch refused as a whole', async () => {
    const rejections: Rejection[] = [];
    // A snapshot with a prompt the server does not know: its executions are refused one by one.
    const withGhost: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (!String(input).endsWith('/api/v1/serving') || response.status !== 200) return response;
      const snapshot = (await response.json()) as ServingSnapshot;
      const ghost = { name: 'ghost', labels: { production: 1 }, versions: [{ version: 1, type: 'text' as const, template: 'boo', variables: [], modelConfig: {} }], experiment: null };
      return Response.json({ ...snapshot, prompts: [...snapshot.prompts, ghost] }, { headers: { etag: response.headers.get('etag') ?? '' } });
    };
    const verso = client({ fetch: withGhost, onRejected: (r) => rejections.push(r), completeWindowMs: 0 });
    const good = await Promise.all(Array.from({ length: 5 }, (_, i) => verso.resolve('sdk/other', { unitId: `g-${i}`, variables: { name: 'x' } })));
    const ghost = await verso.resolve('ghost');
    verso.metric(ghost.executionId, 'conversion', 1);
    // An attribute name the server's schema refuses: the whole request is a 400.
    const bad = await verso.resolve('sdk/other', { unitId: 'b-1', variables: { name: 'x' }, attributes: { 'not-a-name': 'x' } });
    const more = await verso.resolve('sdk/other', { unitId: 'g-9', variables: { name: 'x' } });
    await verso.flush();

    expect(rejections).toContainEqual({ kind: 'execution', id: ghost.executionId, reason: 'Prompt "ghost" does not exist.' });
    expect(rejections).toContainEqual({ kind: 'metric', executionId: ghost.executionId, name: 'conversion', reason: 'Its execution was rejected in this batch.' });
    const refused = rejections.find((r) => r.kind === 'execution' && r.id === bad.executionId);
    expect(refused?.reason).toMatch(/^400: Invalid/);
    expect(rejections).toHaveLength(3);
    // Everything else was recorded, once.
    const recorded = await getDb()
      .select({ id: executions.id })
      .from(executions)
      .where(and(inArray(executions.id, [...good.map((g) => g.executionId), more.executionId, bad.executionId]), eq(executions.source, 'sdk')));
    expect(recorded.map((r) => r.id).sort()).toEqual([...good.map((g) => g.executionId), more.executionId].sort());
    expect(verso.status().events).toMatchObject({ buffered: 0, rejected: 3, dropped: 0, sent: { executions: 6 } });
  });

  it('waits as long as Retry-After says on a 429, and retries 503s', async () => {
    const verso = client({ completeWindowMs: 0 });
    let answered = 0;
    proxy.answer = (r) => {
      if (r.path !== '/api/v1/events') return null;
      answered++;
      if (answered === 1) return { status: 429, headers: { 'retry-after': '1', 'content-type': 'application/json' }, body: '{"error":{"code":"rate_limited","message":"slow down"}}' };
      if (answered === 2) return { status: 503, body: 'unavailable' };
      return null;
    };
    const before = eventPosts().length;
    const started = Date.now();
    const r = await verso.resolve('sdk/other', { unitId: 'slow', variables: { name: 'x' } });
    await verso.flush();
    proxy.answer = () => null;
    const posts = eventPosts().slice(before);
    expect(posts).toHaveLength(3);
    expect(posts.every((p) => idsOf(p)[0] === r.executionId)).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(verso.status().events.sent.executions).toBe(1);
  });

  it('drops the oldest events when the buffer is full, counts them and warns', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    proxy.answer = (r) => (r.path === '/api/v1/events' ? { status: 503, body: 'down' } : null);
    const verso = client({ completeWindowMs: 0, maxBufferedEvents: 5, flushIntervalMs: 60_000 });
    const served = [];
    for (let i = 0; i < 8; i++) served.push(await verso.resolve('sdk/other', { unitId: `full-${i}`, variables: { name: 'x' } }));
    expect(verso.status().events).toMatchObject({ buffered: 5, dropped: 3 });
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/event buffer is full \(5\); dropped the oldest events \(1 dropped, 1 in all\)/));
    proxy.answer = () => null;
    await verso.flush();
    warn.mockRestore();
    const kept = await getDb().select({ id: executions.id }).from(executions).where(inArray(executions.id, served.map((s) => s.executionId)));
    expect(kept.map((k) => k.id).sort()).toEqual(served.slice(3).map((s) => s.executionId).sort());
  });
});
