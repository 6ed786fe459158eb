import { sql } from 'drizzle-orm';
import type { Conn } from '../client';
import { rowsOf } from './prompts';

/** The cheapest round trip there is: proves a connection works. */
export async function selectOne(conn: Conn): Promise<void> {
  await conn.execute(sql`select 1`);
}

/**
 * When the newest applied migration was generated (drizzle's migrator stores the journal's
 * `when` as created_at); undefined when none is applied (no migrations table yet).
 */
export async function getLatestAppliedMigrationMillis(conn: Conn): Promise<number | undefined> {
  const exists = rowsOf<{ present: boolean }>(await conn.execute(sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`));
  if (!exists[0]?.present) return undefined;
  const [row] = rowsOf<{ created_at: string | number | null }>(
    await conn.execute(sql`select created_at from drizzle.__drizzle_migrations order by created_at desc limit 1`),
  );
  return row?.created_at == null ? undefined : Number(row.created_at);
}
