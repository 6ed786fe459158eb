import { and, asc, desc, eq, gt, ilike, inArray, max, or, sql, type SQL } from 'drizzle-orm';
import type { Conn } from '../client';
import { labelMoves, labels, prompts, promptVersions } from '../schema';

export type PromptRow = typeof prompts.$inferSelect;
export type VersionRow = typeof promptVersions.$inferSelect;
export type LabelRow = typeof labels.$inferSelect;
export type LabelMoveRow = typeof labelMoves.$inferSelect;

/** Undefined when the name is taken, also by a concurrent transaction that commits first. */
export async function insertPrompt(conn: Conn, row: typeof prompts.$inferInsert): Promise<PromptRow | undefined> {
  const [created] = await conn.insert(prompts).values(row).onConflictDoNothing({ target: prompts.name }).returning();
  return created;
}

export async function getPromptByName(conn: Conn, name: string): Promise<PromptRow | undefined> {
  const [row] = await conn.select().from(prompts).where(eq(prompts.name, name));
  return row;
}

/** Locks the prompt's row so that concurrent writers number versions one after another. */
export async function lockPromptByName(conn: Conn, name: string): Promise<PromptRow | undefined> {
  const [row] = await conn.select().from(prompts).where(eq(prompts.name, name)).for('update');
  return row;
}

export type PromptFilter = { q?: string; category?: string; tag?: string; label?: string; after?: string };

export function listPrompts(conn: Conn, filter: PromptFilter, limit: number): Promise<PromptRow[]> {
  const where: SQL[] = [];
  if (filter.q) {
    const pattern = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(or(ilike(prompts.name, pattern), ilike(prompts.description, pattern))!);
  }
  if (filter.category) where.push(eq(prompts.category, filter.category));
  if (filter.tag) where.push(sql`${prompts.tags} @> ARRAY[${filter.tag}]::text[]`);
  if (filter.label && filter.label !== 'latest') {
    where.push(sql`exists (select 1 from ${labels} where ${labels.promptId} = ${prompts.id} and ${labels.name} = ${filter.label})`);
  }
  if (filter.after) where.push(gt(prompts.name, filter.after));
  return conn.select().from(prompts).where(and(...where)).orderBy(asc(prompts.name)).limit(limit);
}

export async function listCategoriesAndTags(conn: Conn) {
  const cats = await conn.selectDistinct({ category: prompts.category }).from(prompts).orderBy(prompts.category);
  const tags = await conn.execute<{ tag: string }>(sql`select distinct unnest(${prompts.tags}) as tag from ${prompts} order by 1`);
  return {
    categories: cats.map((c) => c.category).filter((c): c is string => !!c),
    tags: rowsOf<{ tag: string }>(tags).map((t) => t.tag),
  };
}

export async function latestVersionNumbers(conn: Conn, promptIds: string[]): Promise<Map<string, number>> {
  if (promptIds.length === 0) return new Map();
  const rows = await conn
    .select({ promptId: promptVersions.promptId, latest: max(promptVersions.version) })
    .from(promptVersions)
    .where(inArray(promptVersions.promptId, promptIds))
    .groupBy(promptVersions.promptId);
  return new Map(rows.map((r) => [r.promptId, r.latest ?? 0]));
}

export async function insertVersion(conn: Conn, row: typeof promptVersions.$inferInsert) {
  const [created] = await conn.insert(promptVersions).values(row).returning();
  return created!;
}

export async function getVersionByNumber(conn: Conn, promptId: string, version: number) {
  const [row] = await conn
    .select()
    .from(promptVersions)
    .where(and(eq(promptVersions.promptId, promptId), eq(promptVersions.version, version)));
  return row;
}

export async function getLatestVersion(conn: Conn, promptId: string) {
  const [row] = await conn
    .select()
    .from(promptVersions)
    .where(eq(promptVersions.promptId, promptId))
    .orderBy(desc(promptVersions.version))
    .limit(1);
  return row;
}

export function listVersions(conn: Conn, promptId: string) {
  return conn.select().from(promptVersions).where(eq(promptVersions.promptId, promptId)).orderBy(desc(promptVersions.version));
}

export function listLabels(conn: Conn, promptIds: string[]): Promise<LabelRow[]> {
  if (promptIds.length === 0) return Promise.resolve([]);
  return conn.select().from(labels).where(inArray(labels.promptId, promptIds)).orderBy(asc(labels.name));
}

export async function getLabel(conn: Conn, promptId: string, name: string) {
  const [row] = await conn.select().from(labels).where(and(eq(labels.promptId, promptId), eq(labels.name, name)));
  return row;
}

export async function upsertLabel(conn: Conn, row: typeof labels.$inferInsert) {
  await conn
    .insert(labels)
    .values(row)
    .onConflictDoUpdate({
      target: [labels.promptId, labels.name],
      set: { version: row.version, updatedBy: row.updatedBy, updatedAt: sql`now()` },
    });
}

export async function insertLabelMove(conn: Conn, row: typeof labelMoves.$inferInsert) {
  const [created] = await conn.insert(labelMoves).values(row).returning();
  return created!;
}

export function listLabelMoves(conn: Conn, promptId: string, limit = 200) {
  return conn
    .select()
    .from(labelMoves)
    .where(eq(labelMoves.promptId, promptId))
    .orderBy(desc(labelMoves.seq))
    .limit(limit);
}

export async function getLabelMoveById(conn: Conn, id: string) {
  const [row] = await conn.select().from(labelMoves).where(eq(labelMoves.id, id));
  return row;
}

export async function countPrompts(conn: Conn) {
  const r = await conn.execute<{ prompts: number; versions: number; deployed: number }>(sql`
    select (select count(*) from ${prompts})::int as prompts,
           (select count(*) from ${promptVersions})::int as versions,
           (select count(*) from ${labels} where ${labels.name} = 'production')::int as deployed`);
  return rowsOf<{ prompts: number; versions: number; deployed: number }>(r)[0]!;
}

// postgres-js returns an array, PGlite an object with rows: one shape for callers.
export function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : ((result as { rows: T[] }).rows ?? []);
}
