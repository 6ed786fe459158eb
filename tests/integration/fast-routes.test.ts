// The hot routes' fast path (lib/server/fast-routes.ts) against Next.js: two real servers from
// the same production build, as `npm start` runs them, one with VERSO_FAST_ROUTES=0 (every
// request through Next.js and proxy.ts) and one with the fast path. The same requests must get
// the same status, body and headers from both, and the fast path must boot like Next.js does:
// the execution recorded, its CHAIN span exported.
import crypto from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '@/lib/auth/api-keys';
import { systemActor } from '@/lib/auth/roles';
import { createPrompt } from '@/lib/prompts/registry';
import { newPromptInput } from '@/lib/prompts/schemas';
import { BENCH_DIST_DIR, buildOnce, preparedDatabase, type PreparedDatabase } from '@/tests/support/next-build';
import { startOtlpReceiver, type OtlpReceiver } from '@/tests/support/otlp-receiver';
import { ROOT, startServer, type RunningServer } from '../e2e/support/server';

const SERVICE_KEY = `vrs_test_service_${crypto.randomBytes(12).toString('hex')}`;
const VIEWER_KEY = `vrs_test_viewer_${crypto.randomBytes(12).toString('hex')}`;
const ADMIN_KEY = `vrs_test_admin_${crypto.randomBytes(12).toString('hex')}`;
const service = { authorization: `Bearer ${SERVICE_KEY}`, 'content-type': 'application/json' };

let receiver: OtlpReceiver;
let viaNext: RunningServer;
let viaFast: RunningServer;
const databases: PreparedDatabase[] = [];

/** A database with the prompt `greet` in production and a service, a viewer and an admin key. */
async function greetDatabase(): Promise<PreparedDatabase> {
  const database = await preparedDatabase('fast-routes', async () => {
    await createPrompt(systemActor, newPromptInput.parse({ name: 'greet', template: 'Hello {{ name }}', modelConfig: { provider: 'openai', model: 'gpt-4o-mini' }, labels: ['production'] }));
    await createApiKey(systemActor, { name: 'service', role: 'service' }, SERVICE_KEY);
    await createApiKey(systemActor, { name: 'viewer', role: 'viewer' }, VIEWER_KEY);
    await createApiKey(systemActor, { name: 'admin', role: 'admin' }, ADMIN_KEY);
  });
  databases.push(database);
  return database;
}

function start(name: string, database: PreparedDatabase, env: Record<string, string>): Promise<RunningServer> {
  return startServer({
    distDir: BENCH_DIST_DIR,
    dataDir: database.dataDir,
    logFile: path.join(ROOT, 'tests', 'e2e', '.tmp', `fast-routes-${name}-${process.env.VERSO_TEST_DB ?? 'pglite'}.log`),
    env: { VERSO_EVAL_WORKER: '0', ...database.env, ...env },
    ready: async (url) => (await fetch(`${url}/api/v1/prompts/greet`, { headers: service })).status === 200,
  });
}

beforeAll(async () => {
  await buildOnce();
  receiver = await startOtlpReceiver();
  // One after the other: the preparation uses this process's one database handle.
  const forNext = await greetDatabase();
  const forFast = await greetDatabase();
  [viaNext, viaFast] = await Promise.all([
    start('next', forNext, { VERSO_FAST_ROUTES: '0' }),
    start('fast', forFast, { PHOENIX_COLLECTOR_ENDPOINT: receiver.url }),
  ]);
}, 600_000);

afterAll(async () => {
  await Promise.all([viaNext?.stop(), viaFast?.stop(), receiver?.close()]);
  for (const database of databases) await database.dispose();
});

type Answer = { status: number; headers: Record<string, string>; body: string };

// Per connection or per moment, not per route: they differ between any two answers.
const VOLATILE = new Set(['date', 'connection', 'keep-alive']);

async function call(server: RunningServer, pathname: string, init: RequestInit): Promise<Answer> {
  const response = await fetch(`${server.url}${pathname}`, { redirect: 'manual', ...init });
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (!VOLATILE.has(name)) headers[name] = value;
  });
  return { status: response.status, headers, body: await response.text() };
}

/** The same request to both servers: the two answers. */
async function both(pathname: string, init: RequestInit) {
  const [next, fast] = [await call(viaNext, pathname, init), await call(viaFast, pathname, init)];
  return { next, fast };
}

// Ids are new on every call: compared as their shape.
const withoutIds = (body: string) => body.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>');

const post = (body: unknown, headers: Record<string, string> = service): RequestInit => ({ method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('the fast path answers as Next.js does', () => {
  it('resolves a prompt: same status, body shape and headers (security headers included)', async () => {
    const { next, fast } = await both('/api/v1/prompts/greet/resolve', post({ variables: { name: 'Ana' } }));
    expect(fast.status).toBe(200);
    expect(JSON.parse(fast.body)).toMatchObject({ name: 'greet', version: 1, text: 'Hello Ana' });
    expect(withoutIds(fast.body)).toBe(withoutIds(next.body));
    expect(fast.headers).toEqual(next.headers);
    expect(fast.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(fast.headers['x-frame-options']).toBe('DENY');
  });

  it.each([
    ['invalid JSON (400)', '/api/v1/prompts/greet/resolve', post('{"variables":')],
    ['a body that fails the schema (400)', '/api/v1/events', post({ executions: [{ id: 'not-a-uuid' }] })],
    ['no API key (401)', '/api/v1/metrics', post({ items: [] }, { 'content-type': 'application/json' })],
    ['a malformed Authorization header (401)', '/api/v1/events', post({}, { authorization: 'Basic abc' })],
    ['a viewer key (403)', '/api/v1/prompts/greet/resolve', post({ variables: { name: 'Ana' } }, { authorization: `Bearer ${VIEWER_KEY}` })],
    ['an unknown prompt (404)', '/api/v1/prompts/nope/resolve', post({ variables: {} })],
    ['an escaped unknown name (404)', '/api/v1/prompts/a%2Fb/resolve', post({ variables: {} })],
    ['a missing variable (422)', '/api/v1/prompts/greet/resolve', post({ variables: {} })],
    ['metrics for an unknown execution', `/api/v1/executions/${crypto.randomUUID()}/metrics`, post({ name: 'rating', value: 4 })],
    ['an execution id that is no UUID (400)', '/api/v1/executions/abc/metrics', post({ name: 'rating', value: 4 })],
    ['a declared body over 1 MB (413)', '/api/v1/events', post(JSON.stringify({ executions: [], pad: 'x'.repeat(1024 * 1024) }))],
    ['GET on a POST route (405 with Allow, through Next.js on both)', '/api/v1/events', { method: 'GET', headers: service }],
  ])('%s', async (_, pathname, init) => {
    const { next, fast } = await both(pathname, init);
    expect(next.status).toBeGreaterThanOrEqual(400);
    expect(fast).toEqual(next);
    expect(JSON.parse(fast.body)).toHaveProperty('error.code');
  });

  it('405 names the allowed method', async () => {
    const { fast } = await both('/api/v1/prompts/greet/resolve', { method: 'PUT', headers: service });
    expect(fast.status).toBe(405);
    expect(fast.headers.allow).toBe('POST, OPTIONS');
  });

  it('refuses a body over 1 MB sent without a length (413)', async () => {
    const chunked = (): RequestInit => ({
      method: 'POST',
      headers: service,
      body: new Blob([JSON.stringify({ pad: 'x'.repeat(1100 * 1024) })]).stream(),
      duplex: 'half',
    } as RequestInit);
    const next = await call(viaNext, '/api/v1/events', chunked());
    const fast = await call(viaFast, '/api/v1/events', chunked());
    expect(fast.status).toBe(413);
    expect(fast).toEqual(next);
  });

  it('records events and metrics with the same answers', async () => {
    const resolved = JSON.parse((await call(viaFast, '/api/v1/prompts/greet/resolve', post({ variables: { name: 'Bo' } }))).body) as { executionId: string };
    const resolvedNext = JSON.parse((await call(viaNext, '/api/v1/prompts/greet/resolve', post({ variables: { name: 'Bo' } }))).body) as { executionId: string };
    const event = () => ({ executions: [{ id: crypto.randomUUID(), prompt: 'greet', version: 1, variables: { name: 'Cy' } }], metrics: [] });
    const events = [await call(viaNext, '/api/v1/events', post(event())), await call(viaFast, '/api/v1/events', post(event()))];
    expect(events[1]!.body).toBe('{"executions":{"recorded":1,"duplicates":0,"rejected":[]},"metrics":{"recorded":0,"rejected":[]}}');
    expect(events[1]).toEqual(events[0]);
    const metrics = [
      await call(viaNext, '/api/v1/metrics', post({ items: [{ executionId: resolvedNext.executionId, name: 'rating', value: 4 }] })),
      await call(viaFast, '/api/v1/metrics', post({ items: [{ executionId: resolved.executionId, name: 'rating', value: 4 }] })),
    ];
    expect(metrics[1]!.status).toBe(200);
    expect(withoutIds(metrics[1]!.body)).toBe(withoutIds(metrics[0]!.body));
    expect(metrics[1]!.headers).toEqual(metrics[0]!.headers);
    const one = [
      await call(viaNext, `/api/v1/executions/${resolvedNext.executionId}/metrics`, post({ name: 'conversion', value: 1 })),
      await call(viaFast, `/api/v1/executions/${resolved.executionId}/metrics`, post({ name: 'conversion', value: 1 })),
    ];
    expect(one[1]!.status).toBe(200);
    expect(withoutIds(one[1]!.body)).toBe(withoutIds(one[0]!.body));
    expect(one[1]!.headers).toEqual(one[0]!.headers);
  });
});

describe('the fast path boots as Next.js does', () => {
  it('records the execution and exports its CHAIN span', async () => {
    const answer = await call(viaFast, '/api/v1/prompts/greet/resolve', post({ unitId: 'u-1', variables: { name: 'Dee' } }));
    const { executionId } = JSON.parse(answer.body) as { executionId: string };
    // A metric is accepted only for an execution that was recorded.
    const metric = await call(viaFast, '/api/v1/metrics', post({ items: [{ executionId, name: 'rating', value: 5 }] }));
    expect(JSON.parse(metric.body)).toMatchObject({ recorded: 1 });
    const spans = await receiver.waitForSpans((all) => all.some((s) => JSON.stringify(s.attributes).includes(executionId)), 15_000);
    const chain = spans.find((s) => JSON.stringify(s.attributes).includes(executionId))!;
    expect(chain.attributes['openinference.span.kind']).toBe('CHAIN');
    expect(chain.attributes['input.value']).toBe('{"name":"Dee"}');
  });

  it('serves a label moved through Next.js at once (one serving cache for both)', async () => {
    const admin = { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' };
    const resolve = async () => (JSON.parse((await call(viaFast, '/api/v1/prompts/greet/resolve', post({ variables: { name: 'Eve' } }))).body) as { version: number; text: string });
    expect(await resolve()).toMatchObject({ version: 1 });
    const created = await call(viaFast, '/api/v1/prompts/greet/versions', post({ template: 'Hi {{ name }}', commitMessage: 'v2' }, admin));
    expect(created.status).toBe(201);
    const moved = await call(viaFast, '/api/v1/prompts/greet/labels/production', { method: 'PUT', headers: admin, body: JSON.stringify({ version: 2 }) });
    expect(moved.status).toBe(200);
    expect(await resolve()).toMatchObject({ version: 2, text: 'Hi Eve' });
  });

  it('is on by default and off with VERSO_FAST_ROUTES=0', () => {
    expect(viaFast.output()).toContain('Fast routes:');
    expect(viaNext.output()).not.toContain('Fast routes:');
  });

  it('leaves every other route to Next.js', async () => {
    // A trailing slash is Next.js's to redirect; another route answers as before.
    const { next, fast } = await both('/api/v1/events/', post({}));
    expect(fast.status).toBe(308);
    expect(fast).toEqual(next);
    const prompt = await both('/api/v1/prompts/greet', { headers: service });
    expect(prompt.fast.status).toBe(200);
    expect(prompt.fast.headers).toEqual(prompt.next.headers);
  });
});
