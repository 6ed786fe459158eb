import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Conn } from '../client';
import { datasetItems, datasets, datasetVersions } from '../schema';

export type DatasetRow = typeof datasets.$inferSelect;
export type DatasetVersionRow = typeof datasetVersions.$inferSelect;
export type DatasetItemRow = typeof datasetItems.$inferSelect;

/** Undefined when the name is taken, also by a concurrent transaction that commits first. */
export async function insertDataset(conn: Conn, row: typeof datasets.$inferInsert): Promise<DatasetRow | undefined> {
  const [created] = await conn.insert(datasets).values(row).onConflictDoNothing({ target: datasets.name }).returning();
  return created;
}

export async function getDatasetByName(conn: Conn, name: string): Promise<DatasetRow | undefined> {
  const [row] = await conn.select().from(datasets).where(eq(datasets.name, name));
  return row;
}

/** Locks the dataset's row so that concurrent writers number versions one after another. */
export async function lockDatasetByName(conn: Conn, name: string): Promise<DatasetRow | undefined> {
  const [row] = await conn.select().from(datasets).where(eq(datasets.name, name)).for('update');
  return row;
}

export function listDatasets(conn: Conn): Promise<DatasetRow[]> {
  return conn.select().from(datasets).orderBy(asc(datasets.name));
}

/** The newest version of every dataset. */
export function latestVersions(conn: Conn): Promise<DatasetVersionRow[]> {
  return conn
    .selectDistinctOn([datasetVersions.datasetId])
    .from(datasetVersions)
    .orderBy(datasetVersions.datasetId, desc(datasetVersions.version));
}

export function listVersions(conn: Conn, datasetId: string): Promise<DatasetVersionRow[]> {
  return conn.select().from(datasetVersions).where(eq(datasetVersions.datasetId, datasetId)).orderBy(desc(datasetVersions.version));
}

export async function getVersion(conn: Conn, datasetId: string, version: number): Promise<DatasetVersionRow | undefined> {
  const [row] = await conn
    .select()
    .from(datasetVersions)
    .where(and(eq(datasetVersions.datasetId, datasetId), eq(datasetVersions.version, version)));
  return row;
}

export async function getLatestVersion(conn: Conn, datasetId: string): Promise<DatasetVersionRow | undefined> {
  const [row] = await conn
    .select()
    .from(datasetVersions)
    .where(eq(datasetVersions.datasetId, datasetId))
    .orderBy(desc(datasetVersions.version))
    .limit(1);
  return row;
}

export async function insertVersion(conn: Conn, row: typeof datasetVersions.$inferInsert): Promise<DatasetVersionRow> {
  const [created] = await conn.insert(datasetVersions).values(row).returning();
  return created!;
}

// Postgres takes at most 65,535 parameters a statement: 7 a row, so 1,000 rows a statement.
const ROWS_PER_INSERT = 1000;

export async function insertItems(conn: Conn, rows: (typeof datasetItems.$inferInsert)[]) {
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) await conn.insert(datasetItems).values(rows.slice(i, i + ROWS_PER_INSERT));
}

/** Copies one version's items into another, in the database (an append's snapshot of what was there). */
export async function copyItems(conn: Conn, datasetId: string, from: number, to: number) {
  await conn.execute(sql`
    insert into ${datasetItems} (dataset_id, version, position, variables, expected, metadata, source_execution_id)
    select dataset_id, ${to}, position, variables, expected, metadata, source_execution_id
    from ${datasetItems} where dataset_id = ${datasetId} and version = ${from}`);
}

export function listItems(conn: Conn, datasetId: string, version: number): Promise<DatasetItemRow[]> {
  return conn
    .select()
    .from(datasetItems)
    .where(and(eq(datasetItems.datasetId, datasetId), eq(datasetItems.version, version)))
    .orderBy(asc(datasetItems.position));
}
