import { and, asc, desc, eq, getTableColumns, inArray, sql, type SQL } from 'drizzle-orm';
import type { Conn } from '../client';
import { datasetItems, datasets, evalResults, evalRuns, type EvalRunRow } from '../schema';
import { insertExecutionsSql, insertMetricsSql, type MetricWrite, type NewExecution } from './executions';
import { rowsOf } from './prompts';

export type { EvalRunRow };
export type NewEvalRun = typeof evalRuns.$inferInsert;
export type NewEvalResult = typeof evalResults.$inferInsert;
export type EvalRunWithDataset = EvalRunRow & { datasetName: string };

const OPEN = sql`${evalRuns.status} in ('queued', 'running')`;
/** A lease's end, by the database's clock (the one every claim compares with), not the app's. */
const lease = (ms: number) => sql`now() + ${Math.round(ms)}::int * interval '1 millisecond'`;
const withDataset = { ...getTableColumns(evalRuns), datasetName: datasets.name };

/** With `held`, the run starts out running under that worker's lease. */
export async function insertEvalRun(conn: Conn, row: NewEvalRun, held?: { owner: string; leaseMs: number }): Promise<EvalRunRow> {
  const holding = held && { status: 'running' as const, leaseOwner: held.owner, leaseExpiresAt: lease(held.leaseMs), startedAt: sql`now()` };
  const [created] = await conn.insert(evalRuns).values({ ...row, ...holding }).returning();
  return created!;
}

export async function getEvalRunById(conn: Conn, id: string): Promise<EvalRunWithDataset | undefined> {
  const [row] = await conn.select(withDataset).from(evalRuns).innerJoin(datasets, eq(datasets.id, evalRuns.datasetId)).where(eq(evalRuns.id, id));
  return row;
}

export function listEvalRuns(conn: Conn, filter: { promptName?: string; datasetName?: string; status?: EvalRunRow['status']; limit: number }) {
  const where: SQL[] = [];
  if (filter.promptName !== undefined) where.push(eq(evalRuns.promptName, filter.promptName));
  if (filter.datasetName !== undefined) where.push(eq(datasets.name, filter.datasetName));
  if (filter.status !== undefined) where.push(eq(evalRuns.status, filter.status));
  return conn
    .select(withDataset)
    .from(evalRuns)
    .innerJoin(datasets, eq(datasets.id, evalRuns.datasetId))
    .where(and(...where))
    .orderBy(desc(evalRuns.createdAt), desc(evalRuns.id))
    .limit(filter.limit);
}

/**
 * Takes the oldest open run nobody holds (never held, or its holder's lease ran out) for `owner`.
 * SKIP LOCKED: workers polling side by side each take a different run instead of queueing on one.
 */
export async function claimNextEvalRun(conn: Conn, owner: string, leaseMs: number): Promise<EvalRunRow | undefined> {
  const [row] = await conn
    .update(evalRuns)
    .set({ status: 'running', leaseOwner: owner, leaseExpiresAt: lease(leaseMs), startedAt: sql`coalesce(${evalRuns.startedAt}, now())` })
    .where(
      eq(
        evalRuns.id,
        sql`(select id from ${evalRuns} where ${OPEN} and (${evalRuns.leaseExpiresAt} is null or ${evalRuns.leaseExpiresAt} < now())
              order by ${evalRuns.createdAt} limit 1 for update skip locked)`,
      ),
    )
    .returning();
  return row;
}

/** Takes one run for `owner` if it is open and free, or already `owner`'s; undefined otherwise. */
export async function claimEvalRunById(conn: Conn, id: string, owner: string, leaseMs: number): Promise<EvalRunRow | undefined> {
  const [row] = await conn
    .update(evalRuns)
    .set({ status: 'running', leaseOwner: owner, leaseExpiresAt: lease(leaseMs), startedAt: sql`coalesce(${evalRuns.startedAt}, now())` })
    .where(
      and(
        eq(evalRuns.id, id),
        OPEN,
        sql`(${evalRuns.leaseExpiresAt} is null or ${evalRuns.leaseExpiresAt} < now() or ${evalRuns.leaseOwner} = ${owner})`,
      ),
    )
    .returning();
  return row;
}

/** Extends `owner`'s lease; undefined when the run was cancelled or another worker took it. */
export async function renewEvalRunLease(conn: Conn, id: string, owner: string, leaseMs: number): Promise<{ id: string } | undefined> {
  const [row] = await conn
    .update(evalRuns)
    .set({ leaseExpiresAt: lease(leaseMs) })
    .where(and(eq(evalRuns.id, id), eq(evalRuns.status, 'running'), eq(evalRuns.leaseOwner, owner)))
    .returning({ id: evalRuns.id });
  return row;
}

/** Ends a running run held by `owner` (completed or failed) and lets go of it. */
export async function finishEvalRun(conn: Conn, id: string, owner: string, outcome: { status: 'completed' | 'failed'; error?: string }) {
  const [row] = await conn
    .update(evalRuns)
    .set({ status: outcome.status, error: outcome.error ?? null, finishedAt: sql`now()`, leaseOwner: null, leaseExpiresAt: null })
    .where(and(eq(evalRuns.id, id), eq(evalRuns.status, 'running'), eq(evalRuns.leaseOwner, owner)))
    .returning({ id: evalRuns.id });
  return row;
}

/**
 * Lets go of the runs `owner` still holds, as a stopping server does: they stay running, with no
 * owner and a lease that ends now, so the next worker's poll claims them and does only the items
 * without a result. A run that finished or was cancelled meanwhile is not running: left as it is.
 */
export function releaseEvalRunsHeldBy(conn: Conn, owner: string): Promise<{ id: string }[]> {
  return conn
    .update(evalRuns)
    .set({ leaseOwner: null, leaseExpiresAt: sql`now()` })
    .where(and(eq(evalRuns.status, 'running'), eq(evalRuns.leaseOwner, owner)))
    .returning({ id: evalRuns.id });
}

/** Moves a finished run's dates (the demo's history). */
export async function updateEvalRunDates(conn: Conn, id: string, dates: { createdAt: Date; startedAt: Date; finishedAt: Date }) {
  await conn.update(evalRuns).set(dates).where(eq(evalRuns.id, id));
}

/** Cancels an open run; undefined when it has already finished. */
export async function cancelOpenEvalRun(conn: Conn, id: string) {
  const [row] = await conn
    .update(evalRuns)
    .set({ status: 'cancelled', finishedAt: sql`now()`, leaseOwner: null, leaseExpiresAt: null })
    .where(and(eq(evalRuns.id, id), OPEN))
    .returning();
  return row;
}

export type PendingItem = { position: number; variables: Record<string, unknown>; expected: unknown };

/** The run's items that have no result yet, in dataset order: what a (resumed) worker still has to do. */
export function listPendingItems(conn: Conn, run: Pick<EvalRunRow, 'id' | 'datasetId' | 'datasetVersion'>): Promise<PendingItem[]> {
  return conn
    .select({ position: datasetItems.position, variables: datasetItems.variables, expected: datasetItems.expected })
    .from(datasetItems)
    .where(
      and(
        eq(datasetItems.datasetId, run.datasetId),
        eq(datasetItems.version, run.datasetVersion),
        sql`not exists (select 1 from ${evalResults} r where r.run_id = ${run.id} and r.position = ${datasetItems.position})`,
      ),
    )
    .orderBy(asc(datasetItems.position));
}

export type EvalItemRecord = { result: NewEvalResult; executions: NewExecution[]; metrics: MetricWrite[] };

/**
 * Writes one item's result, its executions (the item's and its judges') and their metrics in one
 * statement, which is one transaction: either all of it or, when the item already has a result
 * (another worker recorded it first), none of it. One round trip instead of five: the item's
 * write holds a pooled connection for the least time (measured in tests/bench/eval.bench.ts).
 * False when nothing was written.
 */
export async function recordEvalItem(conn: Conn, item: EvalItemRecord): Promise<boolean> {
  const r = item.result;
  const recorded = sql`exists (select 1 from recorded)`;
  const result = await conn.execute(sql`
    with recorded as (
      insert into ${evalResults} (run_id, position, execution_id, status, output, latency_ms, cost_usd, judge_cost_usd, scores, composite, error)
      values (${r.runId}::uuid, ${r.position}::int, ${r.executionId}::uuid, ${r.status}, ${r.output ?? null}, ${r.latencyMs ?? null}::int,
              ${r.costUsd ?? null}::numeric, ${r.judgeCostUsd ?? null}::numeric, ${wellFormedJson(r.scores)}::jsonb, ${r.composite ?? null}::float8, ${r.error ?? null})
      on conflict do nothing
      returning 1
    ),
    item_executions as (${insertExecutionsSql(item.executions)} where ${recorded}),
    item_metrics as (${insertMetricsSql(item.metrics)} where ${recorded}
      on conflict (execution_id, name) do update set value = excluded.value, updated_at = now())
    select count(*)::int as n from recorded`);
  return rowsOf<{ n: number }>(result)[0]!.n > 0;
}

// As the executions' JSON: Postgres refuses a lone UTF-16 surrogate (a judge's reason may hold one).
const wellFormedJson = (value: unknown) => JSON.stringify(value, (_, v: unknown) => (typeof v === 'string' ? v.toWellFormed() : v));

export type RunTotals = {
  runId: string;
  done: number;
  succeeded: number;
  failed: number;
  costUsd: string;
  judgeCostUsd: string;
  meanLatencyMs: number | null;
  compositeN: number;
  compositeMean: number | null;
};

// Money is summed as numeric and leaves the database as text: exact to the last digit.
export async function sumEvalResults(conn: Conn, runIds: string[]): Promise<RunTotals[]> {
  if (runIds.length === 0) return [];
  const result = await conn.execute(sql`
    select run_id as "runId",
           count(*)::int as done,
           count(*) filter (where status = 'success')::int as succeeded,
           count(*) filter (where status = 'error')::int as failed,
           coalesce(sum(cost_usd), 0)::text as "costUsd",
           coalesce(sum(judge_cost_usd), 0)::text as "judgeCostUsd",
           avg(latency_ms) filter (where status = 'success')::float8 as "meanLatencyMs",
           count(composite)::int as "compositeN",
           avg(composite)::float8 as "compositeMean"
      from ${evalResults}
     where run_id in ${inList(runIds)}
     group by run_id`);
  return rowsOf<RunTotals>(result);
}

export type EvaluatorTotals = { runId: string; name: string; n: number; mean: number | null; passes: number; judged: number };

/** Per run and evaluator: items scored, mean score, and pass counts over the items with a pass/fail. */
export async function sumEvalScores(conn: Conn, runIds: string[]): Promise<EvaluatorTotals[]> {
  if (runIds.length === 0) return [];
  const result = await conn.execute(sql`
    select r.run_id as "runId", s.key as name,
           count(*) filter (where jsonb_typeof(s.value -> 'score') = 'number')::int as n,
           avg((s.value ->> 'score')::float8) filter (where jsonb_typeof(s.value -> 'score') = 'number')::float8 as mean,
           count(*) filter (where s.value -> 'pass' = 'true'::jsonb)::int as passes,
           count(*) filter (where jsonb_typeof(s.value -> 'pass') = 'boolean')::int as judged
      from ${evalResults} r, jsonb_each(r.scores) s
     where r.run_id in ${inList(runIds)}
     group by r.run_id, s.key`);
  return rowsOf<EvaluatorTotals>(result);
}

const inList = (ids: string[]) => sql`(${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})`;

/** The run's results with their items' variables and expected output, in dataset order. */
export function listEvalResultsWithItems(conn: Conn, run: Pick<EvalRunRow, 'id' | 'datasetId' | 'datasetVersion'>) {
  return conn
    .select({ result: evalResults, variables: datasetItems.variables, expected: datasetItems.expected })
    .from(evalResults)
    .innerJoin(
      datasetItems,
      and(eq(datasetItems.datasetId, run.datasetId), eq(datasetItems.version, run.datasetVersion), eq(datasetItems.position, evalResults.position)),
    )
    .where(eq(evalResults.runId, run.id))
    .orderBy(asc(evalResults.position));
}

export function getEvalRunsByIds(conn: Conn, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return conn.select(withDataset).from(evalRuns).innerJoin(datasets, eq(datasets.id, evalRuns.datasetId)).where(inArray(evalRuns.id, ids));
}
