import { and, asc, desc, eq, getTableColumns, sql } from 'drizzle-orm';
import type { Conn } from '../client';
import { experiments, experimentVariants, prompts } from '../schema';
import { rowsOf } from './prompts';

export type ExperimentRow = typeof experiments.$inferSelect;
export type VariantRow = typeof experimentVariants.$inferSelect;

/** Undefined when the key is taken (also by a concurrent insert that committed first). */
export async function insertExperiment(conn: Conn, row: typeof experiments.$inferInsert): Promise<ExperimentRow | undefined> {
  const [created] = await conn.insert(experiments).values(row).onConflictDoNothing({ target: experiments.key }).returning();
  return created;
}

export async function insertVariants(conn: Conn, rows: (typeof experimentVariants.$inferInsert)[]) {
  await conn.insert(experimentVariants).values(rows);
}

export async function deleteVariantsOfExperiment(conn: Conn, experimentId: string) {
  await conn.delete(experimentVariants).where(eq(experimentVariants.experimentId, experimentId));
}

/** The experiment with its prompt's name; `lock` holds the experiment's row until the transaction ends. */
export async function getExperimentByKey(conn: Conn, key: string, lock = false): Promise<ExperimentListRow | undefined> {
  const query = conn
    .select({ ...tableColumns(), promptName: prompts.name })
    .from(experiments)
    .innerJoin(prompts, eq(prompts.id, experiments.promptId))
    .where(eq(experiments.key, key));
  const [row] = lock ? await query.for('update', { of: experiments }) : await query;
  return row;
}

export async function updateExperiment(conn: Conn, id: string, set: Partial<typeof experiments.$inferInsert>) {
  const [row] = await conn.update(experiments).set(set).where(eq(experiments.id, id)).returning();
  return row!;
}

export function listVariants(conn: Conn, experimentId: string): Promise<VariantRow[]> {
  return conn.select().from(experimentVariants).where(eq(experimentVariants.experimentId, experimentId)).orderBy(asc(experimentVariants.position));
}

export async function getRunningExperimentOfPrompt(conn: Conn, promptId: string) {
  const [row] = await conn
    .select()
    .from(experiments)
    .where(and(eq(experiments.promptId, promptId), eq(experiments.status, 'running')));
  return row;
}

export type ExperimentListRow = ExperimentRow & { promptName: string };

export function listExperiments(conn: Conn, filter: { status?: ExperimentRow['status']; promptId?: string }): Promise<ExperimentListRow[]> {
  const where = [];
  if (filter.status) where.push(eq(experiments.status, filter.status));
  if (filter.promptId) where.push(eq(experiments.promptId, filter.promptId));
  return conn
    .select({ ...tableColumns(), promptName: prompts.name })
    .from(experiments)
    .innerJoin(prompts, eq(prompts.id, experiments.promptId))
    .where(and(...where))
    .orderBy(desc(experiments.createdAt));
}

function tableColumns() {
  return getTableColumns(experiments);
}

/** Executions and units (distinct unit ids; an execution without one is a unit of its own) per experiment. */
export async function countTrafficByExperiment(conn: Conn, experimentIds: string[]) {
  if (experimentIds.length === 0) return new Map<string, { executions: number; units: number }>();
  const rows = await conn.execute(sql`
    select experiment_id, count(*)::int as executions,
           (count(distinct unit_id) + count(*) filter (where unit_id is null))::int as units
      from executions
     where experiment_id in (${sql.join(experimentIds.map((id) => sql`${id}::uuid`), sql`, `)})
     group by experiment_id`);
  type Row = { experiment_id: string; executions: number; units: number };
  return new Map(rowsOf<Row>(rows).map((r) => [r.experiment_id, { executions: Number(r.executions), units: Number(r.units) }]));
}
