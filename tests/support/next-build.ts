// An integration test against the real server process, as `npm start` runs it
// (tests/e2e/support/server.ts): the production build it serves, and a database written through
// the lib before the server starts (and read through it once the server has stopped).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closeDatabase, openDatabase, useDatabase, type DatabaseHandle, type DatabaseTarget } from '@/db/client';
import { migrate } from '@/db/migrate';
import { invalidateServing } from '@/lib/prompts/serving';
import { ensureBuild, ROOT } from '../e2e/support/server';
import { scratchPostgresDatabase } from './db';

// The benchmarks' build (tests/bench/hot-path.bench.ts): never rebuilt under a running e2e test.
export const BENCH_DIST_DIR = '.next-bench';

// The pglite and postgres projects run side by side: one build at a time (a lock left by a
// crashed run is taken over after 10 minutes).
export async function buildOnce(distDir = BENCH_DIST_DIR) {
  const lock = path.join(ROOT, `${distDir}.lock`);
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      if (Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > 600_000) fs.rmSync(lock, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
  try {
    ensureBuild(distDir);
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

export type PreparedDatabase = {
  target: DatabaseTarget;
  /** The server's VERSO_DATA_DIR. */
  dataDir: string;
  /** The server's environment for the database (DATABASE_URL on Postgres). */
  env: Record<string, string>;
  /** Drops the scratch database and removes the data dir. */
  dispose: () => Promise<void>;
};

/**
 * A migrated database of its own, in the postgres project (VERSO_TEST_DB=postgres) a scratch
 * database on TEST_DATABASE_URL's server, else PGlite in a new data dir; `setUp` writes to it
 * through the lib. Preparations run one after the other: they use this process's one handle.
 */
export async function preparedDatabase(stem: string, setUp: () => Promise<void>): Promise<PreparedDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `verso-${stem}-`));
  const scratch = process.env.VERSO_TEST_DB === 'postgres' ? await scratchPostgresDatabase(process.env.TEST_DATABASE_URL!) : undefined;
  const prepared: PreparedDatabase = {
    target: { url: scratch?.url, dataDir },
    dataDir,
    env: scratch ? { DATABASE_URL: scratch.url } : {},
    dispose: async () => {
      await scratch?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  try {
    await withDatabase(prepared, async (handle) => {
      await migrate(handle);
      await setUp();
    });
  } catch (error) {
    await prepared.dispose();
    throw error;
  }
  return prepared;
}

/** Runs `fn` with the prepared database as this process's database (on PGlite, only while no server has it open). */
export async function withDatabase<T>(prepared: PreparedDatabase, fn: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  // Whatever this process cached belongs to the database it had before.
  invalidateServing();
  const handle = await openDatabase(prepared.target);
  useDatabase(handle);
  try {
    return await fn(handle);
  } finally {
    await closeDatabase();
  }
}
