import crypto from 'node:crypto';
import { currentDatabase, getDb, openDatabase, useDatabase } from '@/db/client';
import { migrate } from '@/db/migrate';
import { countUsers, getUserByEmail } from '@/db/queries/users';
import { ensureApiKey } from '@/lib/auth/api-keys';
import { systemActor } from '@/lib/auth/roles';
import { createUser } from '@/lib/auth/users';
import { env } from '@/lib/env';
import { seedDemoIfEmpty } from './demo';

const g = globalThis as unknown as { __versoBoot?: Promise<void> };

/** Opens the database, migrates it and does first-start set-up; once per process. */
export function bootstrap(options: { seedDemo?: boolean; log?: (line: string) => void } = {}): Promise<void> {
  g.__versoBoot ??= (async () => {
    const config = env();
    const log = options.log ?? ((line: string) => console.log(line));
    const handle = await openDatabase({ url: config.DATABASE_URL, dataDir: config.VERSO_DATA_DIR });
    useDatabase(handle);
    await migrate(handle);
    await ensureFirstAdmin(log);
    if (config.VERSO_INIT_API_KEY && (await ensureApiKey(systemActor, config.VERSO_INIT_API_KEY, config.VERSO_INIT_API_KEY_ROLE))) {
      log(`Created the API key from VERSO_INIT_API_KEY (role ${config.VERSO_INIT_API_KEY_ROLE}).`);
    }
    if (options.seedDemo ?? config.VERSO_SEED_DEMO) {
      const started = performance.now();
      if (await seedDemoIfEmpty()) log(`Seeded demo prompts and experiments in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
    }
    log(`Verso database ready (${handle.kind === 'pglite' ? `embedded, in ${config.VERSO_DATA_DIR}` : 'Postgres'}).`);
  })();
  return g.__versoBoot;
}

export async function shutdown() {
  if (!g.__versoBoot) return;
  await g.__versoBoot.catch(() => {});
  g.__versoBoot = undefined;
  await currentDatabase().close();
  useDatabase(undefined);
}

async function ensureFirstAdmin(log: (line: string) => void) {
  const { ADMIN_EMAIL, ADMIN_PASSWORD } = env();
  if (ADMIN_EMAIL && ADMIN_PASSWORD) {
    if (await getUserByEmail(getDb(), ADMIN_EMAIL.toLowerCase())) return;
    await createUser(systemActor, { email: ADMIN_EMAIL.toLowerCase(), password: ADMIN_PASSWORD, role: 'admin' });
    log(`Created the admin ${ADMIN_EMAIL} from ADMIN_EMAIL.`);
    return;
  }
  if ((await countUsers(getDb())) > 0) return;
  const password = crypto.randomBytes(12).toString('base64url');
  await createUser(systemActor, { email: 'admin@localhost', password, role: 'admin' });
  log('');
  log('  First start: created the admin account. This password is shown only once.');
  log('    email:    admin@localhost');
  log(`    password: ${password}`);
  log('');
}
