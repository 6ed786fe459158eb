// Verso's server process dies (SIGKILL) in the middle of an application's traffic, and a new one
// starts on the same port with the same data, as a supervisor restarts `npm start`. The SDK keeps
// serving from its copy and keeps what it could not send; once Verso is back, every execution
// it served is recorded exactly once with its completion and its conversion, the batch written
// just before the kill whose answer never came back included, and the experiment's results
// count each unit once. (tests/integration/sdk-restart.test.ts stops a server inside the test's
// own process; here the database must come back from a process that died without closing it.)
import crypto from 'node:crypto';
import path from 'node:path';
import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { executionMetrics, executions } from '@/db/schema';
import { createApiKey } from '@/lib/auth/api-keys';
import { systemActor } from '@/lib/auth/roles';
import { Verso } from '../../sdk/src/index';
import { freePort, ROOT, startServer, type RunningServer } from '../e2e/support/server';
import { givenExperiment } from '../support/experiments';
import { BENCH_DIST_DIR, buildOnce, preparedDatabase, withDatabase, type PreparedDatabase } from '../support/next-build';
import { givenPrompt } from '../support/prompts';

const PROMPT = 'sdk/restart-process';
const KEY = 'sdk-restart-process';
const SERVICE_KEY = `vrs_test_service_${crypto.randomBytes(12).toString('hex')}`;
const VIEWER_KEY = `vrs_test_viewer_${crypto.randomBytes(12).toString('hex')}`;
const DB = process.env.VERSO_TEST_DB ?? 'pglite';

let database: PreparedDatabase | undefined;
let server: RunningServer | undefined;
let verso: Verso | undefined;

function start(port: number, run: string): Promise<RunningServer> {
  return startServer({
    distDir: BENCH_DIST_DIR,
    dataDir: database!.dataDir,
    port,
    logFile: path.join(ROOT, 'tests', 'e2e', '.tmp', `sdk-restart-process-${run}-${DB}.log`),
    env: { VERSO_EVAL_WORKER: '0', ...database!.env },
    ready: async (url) => (await fetch(`${url}/api/v1/serving`, { headers: { authorization: `Bearer ${SERVICE_KEY}` } })).status === 200,
  });
}

beforeAll(async () => {
  await buildOnce();
  // Written before the server starts: a prompt with two versions and a running experiment on them.
  database = await preparedDatabase('sdk-restart-process', async () => {
    await givenPrompt(PROMPT, { versions: 2, labels: ['production'] });
    await givenExperiment(KEY, PROMPT, {}, { start: true });
    await createApiKey(systemActor, { name: 'service', role: 'service' }, SERVICE_KEY);
    await createApiKey(systemActor, { name: 'viewer', role: 'viewer' }, VIEWER_KEY);
  });
}, 600_000);

afterAll(async () => {
  await verso?.close();
  await server?.stop();
  await database?.dispose();
});

type Served = { id: string; unit: string; variant: string; latencyMs: number; converted: boolean };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the SDK across a killed Verso server process', () => {
  it('counts every execution, completion and conversion once, the batch whose answer the kill cut off included', async () => {
    const port = await freePort();
    server = await start(port, 'before-kill');
    const url = server.url;

    // The kill lands inside an events request: once armed, the next batch reaches Verso and is
    // written, then the server process is killed and the SDK is told the connection failed, as
    // when the answer is cut off. Exactly that batch's executions were recorded without the SDK
    // knowing, so its retry must come back as duplicates, not as new rows.
    let armed = false;
    let cutOff: { executions: number; recorded: number } | undefined;
    let stopped: Promise<void> | undefined;
    const fetchCutByKill: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (!armed || !String(input).endsWith('/api/v1/events') || !response.ok) return response;
      armed = false;
      const answer = (await response.json()) as { executions: { recorded: number } };
      const sent = JSON.parse(String(init!.body)) as { executions: unknown[] };
      process.kill(-server!.pid, 'SIGKILL');
      stopped = server!.stop();
      cutOff = { executions: sent.executions.length, recorded: answer.executions.recorded };
      throw new TypeError('fetch failed', { cause: new Error('other side closed') });
    };

    verso = new Verso({
      baseUrl: url,
      apiKey: SERVICE_KEY,
      fetch: fetchCutByKill,
      flushOnExit: false,
      flushIntervalMs: 10,
      maxBatch: 8,
      completeWindowMs: 200,
      retryBaseMs: 20,
      retryMaxMs: 200,
      // Longer than a server takes to start: a request given up on while the new server prepares
      // would still be written once it is ready, and its retry would be a duplicate of its own.
      requestTimeoutMs: 30_000,
    });
    await verso.ready();

    const served: Served[] = [];
    const late: Served[] = [];
    const completeLate = () => {
      for (const s of late.splice(0)) verso!.complete(s.id, { status: 'success', latencyMs: s.latencyMs, inputTokens: 12, outputTokens: 30 });
    };
    const serve = async (from: number, to: number, { armAt = -1 } = {}) => {
      for (let i = from; i < to; i++) {
        if (i === armAt) armed = true;
        const resolved = await verso!.resolve(PROMPT, { unitId: `unit-${i}`, variables: { name: `n${i}` } });
        const s: Served = { id: resolved.executionId, unit: `unit-${i}`, variant: resolved.experiment!.variant, latencyMs: 100 + i, converted: i % 2 === 0 };
        served.push(s);
        // Most model calls end at once (the outcome travels with the execution); every fourth
        // ends a few units later, so its completion may follow as a PATCH of its own.
        if (i % 4 === 1) late.push(s);
        else verso!.complete(s.id, { status: 'success', latencyMs: s.latencyMs, inputTokens: 12, outputTokens: 30 });
        if (s.converted) verso!.metric(s.id, 'conversion', 1);
        // Requests come spread out in time, so the SDK's background sends run in between.
        if (i % 5 === 4) {
          completeLate();
          await sleep(3);
        }
      }
      completeLate();
    };

    // The kill comes with the first batch sent after unit 60; traffic goes on meanwhile.
    await serve(0, 160, { armAt: 60 });
    await expect.poll(() => cutOff, { timeout: 10_000 }).toBeDefined();
    await stopped;
    expect(cutOff!.recorded).toBe(cutOff!.executions);
    expect(cutOff!.recorded).toBeGreaterThan(0);

    // Verso is down: the SDK serves from its copy and buffers.
    await serve(160, 200);
    await expect.poll(() => verso!.status().events.lastFlushError, { timeout: 5_000 }).not.toBeNull();
    expect(verso.status().events.buffered).toBeGreaterThan(0);

    // A new process on the same port, over the data the killed one left.
    server = await start(port, 'after-kill');
    await serve(200, 230);
    await verso.flush();

    const events = verso.status().events;
    expect(events).toMatchObject({ buffered: 0, dropped: 0, rejected: 0 });
    // The cut-off batch came back as duplicates; everything else was recorded on its first answer.
    expect(events.sent.duplicates).toBe(cutOff!.executions);
    expect(events.sent.executions).toBe(served.length - cutOff!.executions);

    const response = await fetch(`${url}/api/v1/experiments/${KEY}/results`, { headers: { authorization: `Bearer ${VIEWER_KEY}` } });
    expect(response.status).toBe(200);
    const results = (await response.json()) as {
      variants: { key: string; units: number; executions: number }[];
      metrics: { metric: { name: string }; summaries: Record<string, { conversions: number }> }[];
    };
    const count = (variant: string, only: (s: Served) => boolean = () => true) => served.filter((s) => s.variant === variant && only(s)).length;
    expect(results.variants.map((v) => [v.key, v.units, v.executions])).toEqual(results.variants.map((v) => [v.key, count(v.key), count(v.key)]));
    expect(results.variants.reduce((sum, v) => sum + v.units, 0)).toBe(served.length);
    const conversion = results.metrics.find((m) => m.metric.name === 'conversion')!;
    for (const v of results.variants) expect(conversion.summaries[v.key]!.conversions).toBe(count(v.key, (s) => s.converted));

    // What the database holds, read once the server has stopped.
    await server.stop();
    server = undefined;
    const { rows, metrics, total } = await withDatabase(database!, async () => {
      const ids = served.map((s) => s.id);
      return {
        rows: await getDb().select({ id: executions.id, unit: executions.unitId, variant: executions.variant, status: executions.status, latencyMs: executions.latencyMs }).from(executions).where(inArray(executions.id, ids)),
        metrics: await getDb().select({ id: executionMetrics.executionId, variant: executionMetrics.variant, unit: executionMetrics.unitId, value: executionMetrics.value }).from(executionMetrics).where(eq(executionMetrics.name, 'conversion')),
        total: (await getDb().select({ n: sql<number>`count(*)::int` }).from(executions))[0]!.n,
      };
    });
    expect(total).toBe(served.length);
    const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
    expect(rows.sort(byId)).toEqual(served.map((s) => ({ id: s.id, unit: s.unit, variant: s.variant, status: 'success', latencyMs: s.latencyMs })).sort(byId));
    expect(metrics.sort(byId)).toEqual(served.filter((s) => s.converted).map((s) => ({ id: s.id, variant: s.variant, unit: s.unit, value: 1 })).sort(byId));
  }, 120_000);
});
