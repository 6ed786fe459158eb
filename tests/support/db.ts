import crypto from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll } from 'vitest';
import { openDatabase, openPglite, useDatabase, type DatabaseHandle } from '@/db/client';
import { migrate } from '@/db/migrate';
import { invalidateServing } from '@/lib/prompts/serving';

/** A new, empty database on the Postgres server at `base` (TEST_DATABASE_URL), and how to drop it. */
export async function scratchPostgresDatabase(base: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `verso_t_${crypto.randomBytes(6).toString('hex')}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/**
 * A database of its own for one test file: in-memory PGlite, or, in the postgres project,
 * a new database on TEST_DATABASE_URL's server that is dropped afterwards.
 */
export async function openTestDatabase(): Promise<DatabaseHandle> {
  invalidateServing();
  if (process.env.VERSO_TEST_DB !== 'postgres') {
    const handle = await openPglite();
    await migrate(handle);
    useDatabase(handle);
    return handle;
  }
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error('TEST_DATABASE_URL is not set');
  const scratch = await scratchPostgresDatabase(base);
  const inner = await openDatabase({ url: scratch.url, dataDir: '' });
  await migrate(inner);
  const handle: DatabaseHandle = {
    ...inner,
    close: async () => {
      await inner.close();
      await scratch.drop();
    },
  };
  useDatabase(handle);
  return handle;
}

/** Opens a fresh database before the file's tests and closes it after. */
export function withTestDatabase() {
  const ref: { handle?: DatabaseHandle } = {};
  beforeAll(async () => {
    ref.handle = await openTestDatabase();
  });
  afterAll(async () => {
    await ref.handle?.close();
    useDatabase(undefined);
  });
  return ref;
}
