import { expect } from 'vitest';
import { sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { rowsOf } from '@/db/queries/prompts';

// A key's last use is written when it authenticates, before the call can fail, on purpose:
// it records that the key was used. Everything else must be exactly as it was.
const ignoredColumns: Record<string, string[]> = { api_keys: ['last_used_at'] };

/** Every row of every table, in a stable order: equal snapshots mean an unchanged database. */
export async function snapshotDatabase(): Promise<Record<string, string[]>> {
  const db = getDb();
  const tables = rowsOf<{ table_name: string }>(
    await db.execute(sql`select table_name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`),
  ).map((t) => t.table_name);
  const snapshot: Record<string, string[]> = {};
  for (const table of tables) {
    const rows = rowsOf<Record<string, unknown>>(await db.execute(sql`select * from ${sql.identifier(table)}`));
    snapshot[table] = rows
      .map((row) => {
        for (const column of ignoredColumns[table] ?? []) delete row[column];
        return JSON.stringify(row);
      })
      .sort();
  }
  return snapshot;
}

/** Row counts per table, for messages that say what a failed call left behind. */
export const counts = (snapshot: Record<string, string[]>) =>
  Object.fromEntries(Object.entries(snapshot).map(([table, rows]) => [table, rows.length]));

/** Runs a call that must fail and asserts that every table is exactly as it was before it. */
export async function leavesDatabaseAsItWas<T>(act: () => Promise<T>): Promise<T> {
  const before = await snapshotDatabase();
  const result = await act();
  const after = await snapshotDatabase();
  expect(counts(after), 'row counts').toEqual(counts(before));
  expect(after).toEqual(before);
  return result;
}
