import { sql } from 'drizzle-orm';
import type { Conn } from '../client';
import { rowsOf } from './prompts';

export type VariantAggregate = {
  variant: string;
  metric: string | null;
  /** Executions (metric null); rows of a continuous metric; for a binary metric, its positive rows only. */
  n: number;
  positives: number;
  sum: number;
  sumSquares: number;
  /** Rows left out because their value is outside the range the results can add up. */
  ignored?: number;
};

export type AggregatedMetric = { name: string; type: 'binary' | 'continuous' };

// The CHECK execution_metrics_value_range (NOT VALID: rows written before it may lie outside).
// Only values in it are added up, so Σx² cannot overflow float8 and fail the statement: one
// stray 1e200 would otherwise make an experiment's results answer 500 forever.
const inRange = sql`value between -1e15 and 1e15`;

/**
 * Per variant: executions (metric null), and per metric the count, the count of positive
 * values, Σx and Σx². One statement; the rows never leave the database. A binary metric needs
 * only its conversions (an execution without a positive value did not convert), so only its
 * rows with value > 0 are read: at a 10% rate that skips nine in ten of them.
 */
export async function aggregateExperiment(conn: Conn, experimentId: string, metrics: AggregatedMetric[]): Promise<VariantAggregate[]> {
  // A name measured both ways (a spec mistake) is read in full.
  const continuous = new Set(metrics.filter((m) => m.type === 'continuous').map((m) => m.name));
  const binary = [...new Set(metrics.map((m) => m.name))].filter((name) => !continuous.has(name));
  const list = (names: string[]) => (names.length > 0 ? sql.join(names.map((m) => sql`${m}`), sql`, `) : sql`null`);
  const result = await conn.execute(sql`
    select variant, null::text as metric, count(*)::float8 as n, 0::float8 as positives, 0::float8 as sum, 0::float8 as sum_squares,
           0::float8 as ignored
      from executions where experiment_id = ${experimentId}::uuid and variant is not null
      group by variant
    union all
    select variant, name as metric, count(*) filter (where ${inRange})::float8, count(*) filter (where ${inRange} and value > 0)::float8,
           coalesce(sum(value) filter (where ${inRange}), 0)::float8, coalesce(sum(value * value) filter (where ${inRange}), 0)::float8,
           count(*) filter (where not (${inRange}))::float8
      from execution_metrics
     where experiment_id = ${experimentId}::uuid and variant is not null
       and (name in (${list([...continuous])}) or (name in (${list(binary)}) and value > 0))
      group by variant, name`);
  return rowsOf<{ variant: string; metric: string | null; n: number; positives: number; sum: number; sum_squares: number; ignored: number }>(result).map((r) => ({
    variant: r.variant,
    metric: r.metric,
    n: Number(r.n),
    positives: Number(r.positives),
    sum: Number(r.sum),
    sumSquares: Number(r.sum_squares),
    ignored: Number(r.ignored),
  }));
}

/** `n` counts executions; `valued` counts those that reported the metric (continuous means divide by it). */
export type TimelinePoint = { bucket: string; variant: string; n: number; valued: number; sum: number; positives: number };

/** The primary metric per variant per time bucket, for the cumulative chart. */
export async function experimentTimeline(conn: Conn, experimentId: string, metric: string, bucket: 'minute' | 'hour' | 'day'): Promise<TimelinePoint[]> {
  const result = await conn.execute(sql`
    with e as (
      select date_trunc(${bucket}, created_at) as bucket, variant, count(*)::float8 as n
        from executions where experiment_id = ${experimentId}::uuid and variant is not null group by 1, 2
    ), m as (
      select date_trunc(${bucket}, x.created_at) as bucket, m.variant, count(*)::float8 as valued, coalesce(sum(m.value), 0)::float8 as sum,
             count(*) filter (where m.value > 0)::float8 as positives
        from execution_metrics m join executions x on x.id = m.execution_id
       where m.experiment_id = ${experimentId}::uuid and m.name = ${metric} and m.value between -1e15 and 1e15 group by 1, 2
    )
    select e.bucket, e.variant, e.n, coalesce(m.valued, 0) as valued, coalesce(m.sum, 0) as sum, coalesce(m.positives, 0) as positives
      from e left join m on m.bucket = e.bucket and m.variant = e.variant
     order by e.bucket`);
  return rowsOf<{ bucket: Date | string; variant: string; n: number; valued: number; sum: number; positives: number }>(result).map((r) => ({
    bucket: new Date(r.bucket).toISOString(),
    variant: r.variant,
    n: Number(r.n),
    valued: Number(r.valued),
    sum: Number(r.sum),
    positives: Number(r.positives),
  }));
}
