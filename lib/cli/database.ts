import { openDatabase, useDatabase } from '@/db/client';
import { migrate } from '@/db/migrate';
import { env } from '@/lib/env';

/**
 * Opens the database as the server does (migrated, set as the process's database), runs the
 * work and closes it. The embedded database is one process's at a time: when a running server
 * holds it, openDatabase throws DatabaseBusyError and nothing is touched.
 */
export async function withDatabase<T>(work: () => Promise<T>): Promise<T> {
  const config = env();
  const handle = await openDatabase({ url: config.DATABASE_URL, dataDir: config.VERSO_DATA_DIR });
  try {
    await migrate(handle);
    useDatabase(handle);
    return await work();
  } finally {
    useDatabase(undefined);
    await handle.close();
  }
}
