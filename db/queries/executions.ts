import { eq, inArray, sql } from 'drizzle-orm';
import type { Conn } from '../client';
import { executionMetrics, executions } from '../schema';

export type NewExecution = typeof executions.$inferInsert;
export type ExecutionRow = typeof executions.$inferSelect;

export async function insertExecutions(conn: Conn, rows: NewExecution[]) {
  await conn.insert(executions).values(rows);
}

export async function getExecutionById(conn: Conn, id: string) {
  const [row] = await conn.select().from(executions).where(eq(executions.id, id));
  return row;
}

export async function updateExecution(conn: Conn, id: string, set: Partial<NewExecution>) {
  const [row] = await conn.update(executions).set(set).where(eq(executions.id, id)).returning();
  return row;
}

export type MetricWrite = { executionId: string; name: string; value: number; experimentId: string | null; variant: string | null };

/** Last write wins per (execution, name): a repeated report replaces, never double-counts. */
export async function upsertMetrics(conn: Conn, rows: MetricWrite[]) {
  if (rows.length === 0) return;
  await conn
    .insert(executionMetrics)
    .values(rows)
    .onConflictDoUpdate({
      target: [executionMetrics.executionId, executionMetrics.name],
      set: { value: sql`excluded.value`, updatedAt: sql`now()` },
    });
}

export async function getExecutionsByIds(conn: Conn, ids: string[]) {
  if (ids.length === 0) return [];
  return conn
    .select({ id: executions.id, experimentId: executions.experimentId, variant: executions.variant })
    .from(executions)
    .where(inArray(executions.id, ids));
}

export function listMetricsOfExecution(conn: Conn, id: string) {
  return conn.select().from(executionMetrics).where(eq(executionMetrics.executionId, id));
}
