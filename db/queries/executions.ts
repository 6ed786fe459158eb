import { eq, getTableColumns, getTableName, inArray, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Conn } from '../client';
import { executionMetrics, executions } from '../schema';
import { rowsOf } from './prompts';

export type NewExecution = typeof executions.$inferInsert;
export type ExecutionRow = typeof executions.$inferSelect;

// The hot path writes executions in batches (group commit) and metrics 1,000 at a time. drizzle's
// multi-row VALUES builder costs about 0.2 ms of CPU per row; sending the batch as one JSON
// parameter and letting Postgres unpack it (jsonb_to_recordset) costs a few µs per row.
// Only constants from the lists below are spliced into the SQL; the rows travel as a parameter.

/** Every column of a new execution with its SQL type: a column added to the schema fails the type check here. */
const executionRecord: { [K in keyof Required<NewExecution>]: string } = {
  id: 'uuid',
  promptId: 'uuid',
  promptName: 'text',
  version: 'integer',
  label: 'text',
  experimentId: 'uuid',
  variant: 'text',
  unitId: 'text',
  sticky: 'boolean',
  status: 'text',
  source: 'text',
  variables: 'jsonb',
  metadata: 'jsonb',
  attributes: 'jsonb',
  sessionId: 'text',
  messages: 'jsonb',
  provider: 'text',
  model: 'text',
  latencyMs: 'integer',
  inputTokens: 'integer',
  outputTokens: 'integer',
  costUsd: 'numeric',
  output: 'text',
  error: 'text',
  apiKeyId: 'uuid',
  traceId: 'text',
  spanId: 'text',
  createdAt: 'timestamptz',
  completedAt: 'timestamptz',
};
const executionDefaults: Partial<Record<keyof NewExecution, string>> = { sticky: 'true', status: `'resolved'`, source: `'resolve'`, createdAt: 'now()' };

function recordsetInsert<T extends Record<string, unknown>>(table: PgTable, record: Record<keyof T, string>, defaults: Partial<Record<keyof T, string>>) {
  const columns = getTableColumns(table);
  const keys = Object.keys(record) as (keyof T & string)[];
  const into = keys.map((k) => `"${columns[k]!.name}"`).join(', ');
  const select = keys.map((k) => (defaults[k] ? `coalesce(r."${k}", ${defaults[k]})` : `r."${k}"`)).join(', ');
  const shape = keys.map((k) => `"${k}" ${record[k]}`).join(', ');
  return (rows: T[]) =>
    sql`insert into ${sql.raw(`"${getTableName(table)}" (${into})`)} select ${sql.raw(select)} from jsonb_to_recordset(${asJson(rows)}::jsonb) as ${sql.raw(`r(${shape})`)}`;
}

// Postgres refuses a lone UTF-16 surrogate in JSON; as a text parameter it became U+FFFD, and still does.
// JSON.stringify writes a lone surrogate as a `\udxxx` escape and well-formed text as it is, so
// only JSON with that escape (or a literal `\ud`) pays for mending string by string.
const asJson = (rows: unknown[]) => {
  const json = JSON.stringify(rows);
  return json.includes('\\ud') ? JSON.stringify(rows, (_, v: unknown) => (typeof v === 'string' ? v.toWellFormed() : v)) : json;
};

/** The insert statement itself, for a caller that composes it into a larger one (an eval item's record). */
export const insertExecutionsSql = recordsetInsert<NewExecution>(executions, executionRecord, executionDefaults);

export async function insertExecutions(conn: Conn, rows: NewExecution[]) {
  if (rows.length === 0) return;
  await conn.execute(insertExecutionsSql(rows));
}

/** The outcome of a model call Verso made, written onto its execution row. */
export type ExecutionFinish = {
  id: string;
  status: 'success' | 'error' | 'timeout';
  latencyMs: number;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: string | null;
  output: string | null;
  error: string | null;
};

const finishRecord: Record<keyof ExecutionFinish, string> = {
  id: 'uuid',
  status: 'text',
  latencyMs: 'integer',
  inputTokens: 'integer',
  outputTokens: 'integer',
  costUsd: 'numeric',
  output: 'text',
  error: 'text',
};
const finishShape = Object.entries(finishRecord).map(([k, type]) => `"${k}" ${type}`).join(', ');

export async function finishExecutions(conn: Conn, rows: ExecutionFinish[]) {
  if (rows.length === 0) return;
  await conn.execute(sql`update executions e set status = r."status", latency_ms = r."latencyMs", input_tokens = r."inputTokens",
    output_tokens = r."outputTokens", cost_usd = r."costUsd", output = r."output", error = r."error", completed_at = now()
    from jsonb_to_recordset(${asJson(rows)}::jsonb) as ${sql.raw(`r(${finishShape})`)} where e.id = r."id"`);
}

export async function getExecutionById(conn: Conn, id: string) {
  const [row] = await conn.select().from(executions).where(eq(executions.id, id));
  return row;
}

/** The row, locked until the transaction ends: a completion reads what it replaces. */
export async function lockExecutionById(conn: Conn, id: string) {
  const [row] = await conn.select().from(executions).where(eq(executions.id, id)).for('update');
  return row;
}

export async function updateExecution(conn: Conn, id: string, set: Partial<NewExecution>) {
  const [row] = await conn.update(executions).set(set).where(eq(executions.id, id)).returning();
  return row;
}

export type MetricWrite = { executionId: string; name: string; value: number; experimentId: string | null; variant: string | null; unitId: string | null };

const metricRecord: Record<keyof MetricWrite, string> = {
  executionId: 'uuid',
  name: 'text',
  value: 'double precision',
  experimentId: 'uuid',
  variant: 'text',
  unitId: 'text',
};
export const insertMetricsSql = recordsetInsert<MetricWrite>(executionMetrics, metricRecord, {});

/** Last write wins per (execution, name): a repeated report replaces, never double-counts. */
export async function upsertMetrics(conn: Conn, rows: MetricWrite[]) {
  if (rows.length === 0) return;
  await conn.execute(sql`${insertMetricsSql(rows)} on conflict (execution_id, name) do update set value = excluded.value, updated_at = now()`);
}

/** One request's metrics within a grouped statement; `atomic`: one unknown execution refuses them all. */
export type MetricRequest = { items: { executionId: string; name: string; value: number }[]; atomic: boolean };

/**
 * The metrics of several requests in one statement, each copying its execution's experiment,
 * variant and unit from the stored row. Answers, per request, the executions it named that do
 * not exist. Last write wins per (execution, name), in request order, among what is written.
 */
export async function upsertMetricRequests(conn: Conn, requests: MetricRequest[]): Promise<string[][]> {
  const items = requests.flatMap((r, g) => r.items.map((i) => ({ g, a: r.atomic, e: i.executionId, n: i.name, v: i.value })));
  const missing: string[][] = requests.map(() => []);
  if (items.length === 0) return missing;
  const result = await conn.execute(sql`
    with item as (
      select * from jsonb_to_recordset(${asJson(items.map((item, s) => ({ ...item, s })))}::jsonb) as r(g integer, a boolean, s integer, e uuid, n text, v double precision)
    ), missing as (
      select distinct i.g, i.e from item i where not exists (select 1 from executions x where x.id = i.e)
    ), written as (
      insert into execution_metrics (execution_id, name, value, experiment_id, variant, unit_id)
      select distinct on (i.e, i.n) i.e, i.n, i.v, x.experiment_id, x.variant, x.unit_id
      from item i join executions x on x.id = i.e
      where not (i.a and exists (select 1 from missing m where m.g = i.g))
      order by i.e, i.n, i.s desc
      on conflict (execution_id, name) do update set value = excluded.value, updated_at = now()
    )
    select g, e from missing`);
  for (const row of rowsOf<{ g: number; e: string }>(result)) missing[row.g]!.push(row.e);
  return missing;
}

export function listMetricsOfExecution(conn: Conn, id: string) {
  return conn.select().from(executionMetrics).where(eq(executionMetrics.executionId, id));
}
