import { getDb } from '@/db/client';
import { latestMigrationMillis } from '@/db/migrate';
import { getLatestAppliedMigrationMillis, selectOne } from '@/db/queries/health';
import { isDatabaseUnavailable } from '@/db/unavailable';

export type Health = {
  status: 'ok' | 'unavailable';
  database: 'reachable' | 'unreachable';
  migrations: 'applied' | 'pending' | 'unknown';
};

// A load balancer's probe should get an answer before its own timeout, even when the
// database host drops packets (connecting would otherwise take up to connect_timeout).
const CHECK_TIMEOUT_MS = 3_000;

/** Two cheap queries: can the database be reached, and are the migrations of this build applied. */
export async function checkHealth(): Promise<Health> {
  try {
    return await withTimeout(probe(), CHECK_TIMEOUT_MS);
  } catch (error) {
    if (error instanceof CheckTimeout || isDatabaseUnavailable(error)) return { status: 'unavailable', database: 'unreachable', migrations: 'unknown' };
    throw error;
  }
}

async function probe(): Promise<Health> {
  const db = getDb();
  await selectOne(db);
  const applied = await getLatestAppliedMigrationMillis(db);
  const upToDate = applied !== undefined && applied >= latestMigrationMillis();
  return { status: upToDate ? 'ok' : 'unavailable', database: 'reachable', migrations: upToDate ? 'applied' : 'pending' };
}

class CheckTimeout extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CheckTimeout()), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
