import { and, asc, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { Conn } from '../client';
import { executions, experiments, models, prompts, type executionSources, type executionStatuses } from '../schema';

export type ExecutionListFilter = {
  promptName?: string;
  version?: number;
  experimentKey?: string;
  variant?: string;
  status?: (typeof executionStatuses)[number];
  model?: string;
  source?: (typeof executionSources)[number];
  /** Inclusive lower bound on created_at. */
  from?: Date;
  /** Exclusive upper bound on created_at. */
  to?: Date;
  /** Keyset cursor: executions strictly older than this one, in (createdAt, id) order. */
  beforeId?: string;
};

// What a row of the list shows: no variables, messages or output, which can be large.
const listColumns = {
  id: executions.id,
  createdAt: executions.createdAt,
  promptName: executions.promptName,
  version: executions.version,
  label: executions.label,
  experimentKey: experiments.key,
  variant: executions.variant,
  source: executions.source,
  status: executions.status,
  provider: executions.provider,
  model: executions.model,
  latencyMs: executions.latencyMs,
  inputTokens: executions.inputTokens,
  outputTokens: executions.outputTokens,
  costUsd: executions.costUsd,
  traceId: executions.traceId,
};

/** Newest first, by (created_at, id) so that rows written in one batch keep a total order. */
export function listExecutionPage(conn: Conn, filter: ExecutionListFilter, limit: number) {
  const where: SQL[] = [];
  if (filter.promptName) where.push(eq(executions.promptName, filter.promptName));
  if (filter.version !== undefined) where.push(eq(executions.version, filter.version));
  if (filter.experimentKey) where.push(eq(experiments.key, filter.experimentKey));
  if (filter.variant) where.push(eq(executions.variant, filter.variant));
  if (filter.status) where.push(eq(executions.status, filter.status));
  if (filter.model) where.push(eq(executions.model, filter.model));
  if (filter.source) where.push(eq(executions.source, filter.source));
  if (filter.from) where.push(gte(executions.createdAt, filter.from));
  if (filter.to) where.push(lt(executions.createdAt, filter.to));
  // The cursor is an execution id, not a time: a JS Date drops Postgres's microseconds, and rows
  // of one group commit share a created_at, so a time cursor would skip rows at a page boundary.
  if (filter.beforeId) {
    where.push(
      sql`(${executions.createdAt}, ${executions.id}) < (select c.created_at, c.id from ${executions} c where c.id = ${filter.beforeId})`,
    );
  }
  return conn
    .select(listColumns)
    .from(executions)
    .leftJoin(experiments, eq(experiments.id, executions.experimentId))
    .where(and(...where))
    .orderBy(desc(executions.createdAt), desc(executions.id))
    .limit(limit);
}

export type ExecutionListRow = Awaited<ReturnType<typeof listExecutionPage>>[number];

/** One execution with the key and name of its experiment (null when it had none). */
export async function getExecutionWithExperiment(conn: Conn, id: string) {
  const [row] = await conn
    .select({ execution: executions, experimentKey: experiments.key, experimentName: experiments.name })
    .from(executions)
    .leftJoin(experiments, eq(experiments.id, executions.experimentId))
    .where(eq(executions.id, id));
  return row;
}

// The filter form's suggestions come from the registry's small tables, never from a scan of executions.

export async function listPromptNames(conn: Conn): Promise<string[]> {
  const rows = await conn.select({ name: prompts.name }).from(prompts).orderBy(asc(prompts.name));
  return rows.map((r) => r.name);
}

export async function listExperimentKeys(conn: Conn): Promise<string[]> {
  const rows = await conn.select({ key: experiments.key }).from(experiments).orderBy(desc(experiments.createdAt));
  return rows.map((r) => r.key);
}

export async function listCatalogModelIds(conn: Conn): Promise<string[]> {
  const rows = await conn.selectDistinct({ model: models.model }).from(models).orderBy(asc(models.model));
  return rows.map((r) => r.model);
}
