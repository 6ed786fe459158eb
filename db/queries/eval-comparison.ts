import { and, asc, count, eq, gte, inArray, sql } from 'drizzle-orm';
import type { Conn } from '../client';
import { evalResults, executions } from '../schema';

export type ComparedResultRow = {
  position: number;
  status: 'success' | 'error';
  latencyMs: number | null;
  costUsd: number | null;
  /** evaluator name → score (null when the evaluator gave none) */
  scores: Record<string, number | null>;
  composite: number | null;
};

/**
 * One run's results in dataset order. Rank tests and the bootstrap need the values themselves,
 * not sums, so this returns a row per item, but only the numbers: the scores' reasons and the
 * outputs stay in the database.
 */
export function listComparedResults(conn: Conn, runId: string): Promise<ComparedResultRow[]> {
  return conn
    .select({
      position: evalResults.position,
      status: evalResults.status,
      latencyMs: evalResults.latencyMs,
      costUsd: sql<number | null>`${evalResults.costUsd}::float8`.mapWith((v: string | number | null) => (v === null ? null : Number(v))),
      scores: sql<Record<string, number | null>>`(
        select coalesce(jsonb_object_agg(s.key, case when jsonb_typeof(s.value -> 'score') = 'number' then s.value -> 'score' end), '{}'::jsonb)
        from jsonb_each(${evalResults.scores}) as s)`.mapWith((v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v)),
      composite: evalResults.composite,
    })
    .from(evalResults)
    .where(eq(evalResults.runId, runId))
    .orderBy(asc(evalResults.position));
}

/** Production sources: what the application served. Evals and the playground are not traffic. */
const PRODUCTION_SOURCES = ['resolve', 'run', 'gateway'] as const;

/** The prompt's production executions since `since` (index executions_prompt_created_idx). */
export async function countProductionExecutions(conn: Conn, promptId: string, since: Date): Promise<number> {
  const [row] = await conn
    .select({ n: count() })
    .from(executions)
    .where(and(eq(executions.promptId, promptId), gte(executions.createdAt, since), inArray(executions.source, [...PRODUCTION_SOURCES])));
  return Number(row?.n ?? 0);
}
