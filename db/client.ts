import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import postgres from 'postgres';
import * as schema from './schema';
import { DatabaseNotReadyError } from './unavailable';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Either the database or an open transaction: queries accept both. */
export type Conn = Db | Tx;

export type DatabaseHandle = { db: Db; kind: 'pglite' | 'postgres'; close: () => Promise<void> };

export class DatabaseBusyError extends Error {}

export type DatabaseTarget = { url?: string; dataDir: string };

export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  if (target.url) {
    // JIT compilation costs more than it saves on the short aggregates the app runs (measured: +1.6 s at 1M rows).
    // connect_timeout: an unreachable server answers a request with 503 after 10 s, not the default 30 s.
    // backoff: the wait before a closed connection reconnects, 0.1 s doubling to at most 1 s (the
    // default grows to 20 s, so a request could wait that long for its 503, and the app that long
    // to notice Postgres is back after a restart).
    const client = postgres(target.url, {
      max: 10,
      connect_timeout: 10,
      backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 1),
      onnotice: () => {},
      connection: { jit: 'off' },
    });
    const db = drizzlePostgres({ client, schema }) as unknown as Db;
    return { db, kind: 'postgres', close: () => client.end({ timeout: 5 }) };
  }
  return openPglite(target.dataDir);
}

export async function openPglite(dataDir?: string): Promise<DatabaseHandle> {
  const release = dataDir ? lockDataDir(dataDir) : () => {};
  const client = dataDir ? new PGlite(path.resolve(dataDir, 'pglite')) : new PGlite();
  try {
    await client.waitReady;
  } catch (error) {
    release();
    throw error;
  }
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    close: async () => {
      await client.close();
      release();
    },
  };
}

// PGlite is one process's database: two processes opening the same directory corrupt it,
// so the first one writes its pid and the others refuse to start.
function lockDataDir(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockFile = path.join(dataDir, 'verso.lock');
  const holder = readLock(lockFile);
  if (holder && holder !== process.pid && isAlive(holder)) {
    throw new DatabaseBusyError(
      `The embedded database in ${path.resolve(dataDir)} is in use by a running Verso server (pid ${holder}); stop it first, or set DATABASE_URL to use Postgres.`,
    );
  }
  fs.writeFileSync(lockFile, String(process.pid));
  const release = () => {
    if (readLock(lockFile) === process.pid) fs.rmSync(lockFile, { force: true });
  };
  process.once('exit', release);
  return release;
}

function readLock(file: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// One handle per process, set up by the server's start, the CLI, or a test.
const g = globalThis as unknown as { __versoDb?: DatabaseHandle };

export function useDatabase(handle: DatabaseHandle | undefined) {
  g.__versoDb = handle;
}

/** Closes the process's database if one is open (a graceful stop, or a start that starts over). */
export async function closeDatabase() {
  const handle = g.__versoDb;
  g.__versoDb = undefined;
  await handle?.close();
}

export function currentDatabase(): DatabaseHandle {
  if (!g.__versoDb) throw new DatabaseNotReadyError();
  return g.__versoDb;
}

export function getDb(): Db {
  return currentDatabase().db;
}
