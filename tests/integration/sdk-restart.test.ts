import { inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { executions } from '@/db/schema';
import { invalidateServing } from '@/lib/prompts/serving';
import { Verso } from '../../sdk/src/index';
import { withApiKeys } from '../support/api';
import { startAppServer, type AppServer } from '../support/app-server';
import { withTestDatabase } from '../support/db';
import { givenExperiment } from '../support/experiments';
import { givenPrompt } from '../support/prompts';

// Verso goes away in the middle of an application's traffic and comes back on the same address:
// the SDK keeps serving from its copy, keeps what it could not send, and once Verso is back every
// execution and outcome reaches the experiment's results exactly once.

withTestDatabase();
const keys = withApiKeys();

const PROMPT = 'sdk/restart';
const KEY = 'sdk-restart';
let server: AppServer;
let verso: Verso;

beforeAll(async () => {
  await givenPrompt(PROMPT, { versions: 2, labels: ['production'] });
  await givenExperiment(KEY, PROMPT, {}, { start: true });
  server = await startAppServer();
});

afterAll(async () => {
  await verso?.close();
  await server?.close();
});

describe('the SDK across a restart of Verso', () => {
  it('serves while Verso is down, and what it buffered meanwhile is counted once when Verso is back', async () => {
    const port = Number(new URL(server.url).port);
    verso = new Verso({ baseUrl: server.url, apiKey: keys.service, flushOnExit: false, flushIntervalMs: 50, completeWindowMs: 0, retryBaseMs: 20, retryMaxMs: 200 });
    await verso.ready();
    const ids: string[] = [];
    const converted = new Map<string, number>();
    const serve = async (from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const r = await verso.resolve(PROMPT, { unitId: `restart-${i}`, variables: { name: `n${i}` } });
        ids.push(r.executionId);
        if (i % 2 === 0) {
          verso.metric(r.executionId, 'conversion', 1);
          converted.set(r.experiment!.variant, (converted.get(r.experiment!.variant) ?? 0) + 1);
        }
      }
    };

    await serve(0, 60);
    await verso.flush();
    expect(verso.status().events.buffered).toBe(0);

    // Verso stops; a new process will start with cold caches.
    await server.close();
    invalidateServing();
    await serve(60, 120);
    await expect.poll(() => verso.status().events.lastFlushError, { timeout: 5_000 }).not.toBeNull();
    expect(verso.status().events.buffered).toBeGreaterThan(0);

    server = await startAppServer(undefined, { port });
    await verso.flush();
    expect(verso.status().events).toMatchObject({ buffered: 0, dropped: 0, rejected: 0 });

    const [{ count }] = await getDb().select({ count: sql<number>`count(*)::int` }).from(executions).where(inArray(executions.id, ids));
    expect(count).toBe(120);
    const response = await fetch(`${server.url}/api/v1/experiments/${KEY}/results`, { headers: { authorization: `Bearer ${keys.viewer}` } });
    const body = await response.json();
    const units = body.variants.reduce((sum: number, v: { units: number }) => sum + v.units, 0);
    expect(units).toBe(120);
    const conversion = body.metrics.find((m: { metric: { name: string } }) => m.metric.name === 'conversion');
    for (const [variant, n] of converted) expect(conversion.summaries[variant].conversions).toBe(n);
  });
});
