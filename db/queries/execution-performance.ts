import { sql, type SQL } from 'drizzle-orm';
import type { Conn } from '../client';
import { rowsOf } from './prompts';

/** One group's model calls, as the database aggregates them; money stays an exact decimal string. */
export type PerformanceAggregate = {
  key: string;
  calls: number;
  errors: number;
  p50LatencyMs: number | null;
  p95LatencyMs: number | null;
  meanCostUsd: string | null;
  costPer1kUsd: string | null;
  totalTokens: number;
};

type Raw = {
  key: string | number;
  calls: string | number;
  errors: string | number;
  p50: string | number | null;
  p95: string | number | null;
  mean_cost: string | null;
  cost_per_1k: string | null;
  total_tokens: string | number;
};

// Completed model calls only: a `resolved` row is a prompt the application fetched and may never
// have sent to a model. Offline eval items (and their judges) are not production traffic: an eval
// run must not move a version's cost and latency figures. Percentiles interpolate (percentile_cont) over the rows that have a latency,
// rounded to 0.1 ms (latencies are whole ms; the float's last digits are noise);
// the mean cost is numeric's exact avg over the rows that have a cost (a failed call costs nothing
// recorded), rounded to the 1e-10 USD the cost column holds, and per 1,000 calls is that avg × 1000
// before rounding, so neither figure passes through a float.
function aggregate(groupBy: SQL, where: SQL) {
  return sql`
    select ${groupBy} as key,
           count(*)::float8 as calls,
           count(*) filter (where status in ('error', 'timeout'))::float8 as errors,
           round((percentile_cont(0.5) within group (order by latency_ms) filter (where latency_ms is not null))::numeric, 1)::float8 as p50,
           round((percentile_cont(0.95) within group (order by latency_ms) filter (where latency_ms is not null))::numeric, 1)::float8 as p95,
           round(avg(cost_usd), 10)::text as mean_cost,
           round(avg(cost_usd) * 1000, 10)::text as cost_per_1k,
           coalesce(sum(coalesce(input_tokens, 0) + coalesce(output_tokens, 0)), 0)::float8 as total_tokens
      from executions
     where ${where} and status in ('success', 'error', 'timeout') and source <> 'eval'
     group by 1
     order by 1`;
}

const figures = (r: Raw): PerformanceAggregate => ({
  key: String(r.key),
  calls: Number(r.calls),
  errors: Number(r.errors),
  p50LatencyMs: r.p50 === null ? null : Number(r.p50),
  p95LatencyMs: r.p95 === null ? null : Number(r.p95),
  meanCostUsd: r.mean_cost,
  costPer1kUsd: r.cost_per_1k,
  totalTokens: Number(r.total_tokens),
});

/** Per version of a prompt (key: the version number as text). */
export async function aggregatePerformanceByVersion(conn: Conn, promptId: string): Promise<PerformanceAggregate[]> {
  const result = await conn.execute(aggregate(sql`version`, sql`prompt_id = ${promptId}::uuid and version is not null`));
  return rowsOf<Raw>(result).map(figures);
}

/** Per variant of an experiment (key: the variant). */
export async function aggregatePerformanceByVariant(conn: Conn, experimentId: string): Promise<PerformanceAggregate[]> {
  const result = await conn.execute(aggregate(sql`variant`, sql`experiment_id = ${experimentId}::uuid and variant is not null`));
  return rowsOf<Raw>(result).map(figures);
}
