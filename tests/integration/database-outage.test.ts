// Postgres only (see vitest.config.mts): the database goes away under a running server (a
// restart, a failover) or is not there yet when the server starts. A TCP proxy in front of the
// test Postgres plays the network; nothing is restarted between the outage and the recovery.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as health from '@/app/api/health/route';
import { openDatabase, useDatabase, type DatabaseHandle } from '@/db/client';
import { migrate } from '@/db/migrate';
import { createApiKey } from '@/lib/auth/api-keys';
import { systemActor } from '@/lib/auth/roles';
import { resetEnvForTests } from '@/lib/env';
import { bootstrap, shutdown } from '@/lib/server/bootstrap';
import { callApi, expectError } from '../support/api';
import { scratchPostgresDatabase } from '../support/db';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';

const base = process.env.TEST_DATABASE_URL!;

/** A new database on the test server, reached through `proxy`; dropped after the file. */
async function freshDatabase(proxy: TcpProxy) {
  const scratch = await scratchPostgresDatabase(base);
  return { url: proxy.urlFor(scratch.url), drop: scratch.drop };
}

async function healthCheck() {
  const response = await health.GET();
  return { status: response.status, body: await response.json(), retryAfter: response.headers.get('retry-after') };
}

let proxy: TcpProxy;
beforeAll(async () => {
  const target = new URL(base);
  proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
});
afterAll(() => proxy.close());

describe('a database that goes away under a running server', () => {
  let handle: DatabaseHandle;
  let drop: () => Promise<void>;
  let key: string;
  beforeAll(async () => {
    const database = await freshDatabase(proxy);
    drop = database.drop;
    handle = await openDatabase({ url: database.url, dataDir: '' });
    await migrate(handle);
    useDatabase(handle);
    key = (await createApiKey(systemActor, { name: 'outage', role: 'viewer' })).key;
  });
  afterAll(async () => {
    proxy.restore();
    await handle.close();
    useDatabase(undefined);
    await drop();
  });

  it('answers 503 unavailable with Retry-After while cut, and 200 again once it is back, without a restart', async () => {
    // Several connections in the pool, as a server under load has.
    const warm = await Promise.all(Array.from({ length: 6 }, () => callApi('listPrompts', { key })));
    expect(warm.map((r) => r.status)).toEqual(Array(6).fill(200));

    proxy.cut();
    for (let i = 0; i < 3; i++) {
      const during = await callApi('listPrompts', { key });
      expectError(during, 503, 'unavailable');
      expect(Number(during.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    const probe = await healthCheck();
    expect(probe.status).toBe(503);
    expect(probe.body.error).toMatchObject({ code: 'unavailable', details: { database: 'unreachable' } });
    expect(probe.retryAfter).not.toBeNull();

    proxy.restore();
    const after = await callApi('listPrompts', { key });
    expect(after.status).toBe(200);
    expect(await healthCheck()).toMatchObject({ status: 200, body: { status: 'ok', database: 'reachable', migrations: 'applied' } });
  });
});

describe('a server that starts before its database can be reached', () => {
  const apiKey = `vrs_boot_${crypto.randomBytes(24).toString('base64url')}`;
  const saved = { DATABASE_URL: process.env.DATABASE_URL, VERSO_INIT_API_KEY: process.env.VERSO_INIT_API_KEY };
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const database = await freshDatabase(proxy);
    drop = database.drop;
    process.env.DATABASE_URL = database.url;
    process.env.VERSO_INIT_API_KEY = apiKey;
    resetEnvForTests();
  });
  afterAll(async () => {
    proxy.restore();
    await shutdown();
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    resetEnvForTests();
    await drop();
  });

  it('answers 503 while it retries, and becomes healthy once the database is reachable', async () => {
    proxy.cut();
    const lines: string[] = [];
    let retrying!: () => void;
    const retried = new Promise<void>((resolve) => (retrying = resolve));
    const boot = bootstrap({
      seedDemo: false,
      retry: { firstDelayMs: 20, maxDelayMs: 100 },
      log: (line) => {
        lines.push(line);
        if (/retrying/.test(line)) retrying();
      },
    });
    await retried;
    expect(lines[0]).toMatch(/^Cannot reach the database \(\w+.*\); attempt 1 failed, retrying in/);
    expectError(await callApi('listPrompts', { key: apiKey }), 503, 'unavailable');
    expect((await healthCheck()).status).toBe(503);

    proxy.restore();
    await boot;
    expect(await healthCheck()).toMatchObject({ status: 200, body: { status: 'ok', database: 'reachable', migrations: 'applied' } });
    expect((await callApi('listPrompts', { key: apiKey })).status).toBe(200);
    expect(lines).toContainEqual(expect.stringMatching(/^Reached the database after \d+ attempts\.$/));
  });
});
