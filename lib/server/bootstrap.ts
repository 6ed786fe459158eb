import { closeDatabase, openDatabase, useDatabase } from '@/db/client';
import { migrate } from '@/db/migrate';
import { ensureApiKey } from '@/lib/auth/api-keys';
import { systemActor } from '@/lib/auth/roles';
import { env } from '@/lib/env';
import { defaultRetryPolicy, retryWhileUnavailable, type RetryPolicy } from './boot-retry';
import { seedDemoIfEmpty } from './demo';
import { ensureFirstAdmin, showFirstAdmin } from './first-admin';

const g = globalThis as unknown as { __versoBoot?: Promise<void>; __versoBootFirstAttempt?: Promise<void>; __versoBootAbort?: AbortController };

export type BootOptions = { seedDemo?: boolean; log?: (line: string) => void; retry?: Partial<RetryPolicy> };

/**
 * Opens the database, migrates it and does first-start set-up; once per process. A database
 * that cannot be reached is retried with back-off until it can (or VERSO_DB_CONNECT_TIMEOUT_MS
 * runs out); meanwhile queries fail with DatabaseNotReadyError, which the API answers as 503.
 * A failed start does not stick: the next call starts again.
 */
export function bootstrap(options: BootOptions = {}): Promise<void> {
  if (g.__versoBoot) return g.__versoBoot;
  const log = options.log ?? ((line: string) => console.log(line));
  const abort = new AbortController();
  let attempted!: () => void;
  g.__versoBootFirstAttempt = new Promise((resolve) => (attempted = resolve));
  const policy = { ...defaultRetryPolicy, giveUpAfterMs: env().VERSO_DB_CONNECT_TIMEOUT_MS, ...options.retry };
  const boot = retryWhileUnavailable(async () => {
    const config = env();
    const handle = await openDatabase({ url: config.DATABASE_URL, dataDir: config.VERSO_DATA_DIR });
    // Only a migrated database is handed to requests: until then they answer 503, not errors about missing tables.
    await migrate(handle).catch(async (error: unknown) => {
      await handle.close().catch(() => {});
      throw error;
    });
    useDatabase(handle);
    await ensureFirstAdmin(log);
    if (config.VERSO_INIT_API_KEY && (await ensureApiKey(systemActor, config.VERSO_INIT_API_KEY, config.VERSO_INIT_API_KEY_ROLE))) {
      log(`Created the API key from VERSO_INIT_API_KEY (role ${config.VERSO_INIT_API_KEY_ROLE}).`);
    }
    if (options.seedDemo ?? config.VERSO_SEED_DEMO) {
      const started = performance.now();
      if (await seedDemoIfEmpty()) log(`Seeded demo prompts, experiments and eval runs in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
    }
    log(`Verso database ready (${handle.kind === 'pglite' ? `embedded, in ${config.VERSO_DATA_DIR}` : 'Postgres'}).`);
    // Last, after the build output and the demo seeding, so that it is what a newcomer sees.
    showFirstAdmin(log);
  }, {
    policy,
    log,
    signal: abort.signal,
    // A set-up that lost the connection half-way starts again from a new connection.
    onAttemptFailed: async () => {
      attempted();
      await closeDatabase().catch(() => {});
    },
  });
  g.__versoBoot = boot;
  g.__versoBootAbort = abort;
  boot.then(attempted, () => {
    if (g.__versoBoot === boot) g.__versoBoot = undefined;
  });
  return boot;
}

/** Resolves once the start has succeeded, or failed its first attempt (and goes on retrying in the background). */
export function firstBootAttempt(): Promise<void> {
  return g.__versoBootFirstAttempt ?? Promise.resolve();
}

export async function shutdown() {
  const boot = g.__versoBoot;
  if (!boot) return;
  g.__versoBootAbort?.abort();
  await boot.catch(() => {});
  g.__versoBoot = undefined;
  await closeDatabase();
}
