import { type SQL, sql } from 'drizzle-orm';
import type { Conn } from '../client';
import { rowsOf } from './prompts';

/**
 * 'units': executions with a unitId, one observation per unit (assignment is per unit).
 * 'requests': executions without one, randomised per request, so each is its own unit. The two
 * are never pooled: a unit's repeated executions are correlated, a request's are not.
 */
export type Population = 'units' | 'requests';

/** Per variant (and segment): the units and their executions. */
export type ExposureAggregate = {
  population: Population;
  /** The unit's value of the breakdown attribute (its first one), when results are broken down. */
  segment: string | null;
  variant: string;
  units: number;
  /** Σ e over units, e = the unit's executions; and Σ e². */
  executions: number;
  executionsSquares: number;
};

/**
 * Sums over units of the unit's values. For a unit with c reporting executions, s the sum of
 * their values, p its positive values and e its executions:
 * - converted: units with p > 0 (binary per unit);
 * - sum, sumSquares: Σ s, Σ s² over all units (a unit without a value has s = 0);
 * - valued, meanSum, meanSumSquares: units with c > 0, Σ s/c, Σ (s/c)²;
 * - count, countSquares, sumCount: Σ c, Σ c², Σ s·c (continuous ratio: X = s, Y = c);
 * - positives, positivesSquares, positivesExecutions: Σ p, Σ p², Σ p·e (binary ratio: X = p, Y = e).
 * For a binary metric only positive values are read, so its s and c count positives only.
 */
export const unitSumFields = [
  'converted',
  'sum',
  'sumSquares',
  'valued',
  'meanSum',
  'meanSumSquares',
  'count',
  'countSquares',
  'sumCount',
  'positives',
  'positivesSquares',
  'positivesExecutions',
] as const;
export type UnitSums = Record<(typeof unitSumFields)[number], number>;
export const zeroUnitSums = (): UnitSums => Object.fromEntries(unitSumFields.map((f) => [f, 0])) as UnitSums;

/** Per variant, segment and metric; `ignored`: values outside ±1e15 (stored before that limit) left out. */
export type MetricAggregate = { population: Population; segment: string | null; variant: string; metric: string; ignored: number } & UnitSums;

export type ExperimentAggregates = { exposures: ExposureAggregate[]; metrics: MetricAggregate[] };

export type AggregatedMetric = { name: string; type: 'binary' | 'continuous'; per?: 'unit' | 'execution' };

// The CHECK execution_metrics_value_range (NOT VALID: rows written before it may lie outside).
// Only values in it are added up, so Σx² cannot overflow float8 and fail the statement.
const inRange = sql`value between -1e15 and 1e15`;

/**
 * One statement per experiment. Executions with a unit are grouped by (variant, unit) and metric
 * values by (metric, variant, unit), both in the order of their indexes, so Postgres streams
 * them without hashing 10^6 keys; then both are summed by variant (and segment). Executions
 * without a unit are their own units and need no grouping. The rows never leave the database.
 * A binary metric needs only its positive values (a unit without one did not convert), so only
 * rows with value > 0 are read, and only those units are joined to their execution counts.
 * `variants` are the experiment's variant keys; `segment` names one attribute to break the results down by.
 */
export async function aggregateExperiment(
  conn: Conn,
  experimentId: string,
  variants: string[],
  metrics: AggregatedMetric[],
  segment?: string,
): Promise<ExperimentAggregates> {
  // A name measured both ways (a spec mistake) is read in full.
  const continuous = [...new Set(metrics.filter((m) => m.type === 'continuous').map((m) => m.name))];
  const binary = [...new Set(metrics.map((m) => m.name))].filter((name) => !continuous.includes(name));
  const list = (items: string[]) => (items.length > 0 ? sql.join(items.map((m) => sql`${m}`), sql`, `) : sql`null`);
  const id = sql`${experimentId}::uuid`;
  // A unit that sent several values of the attribute is placed by the least (min: one segment,
  // whatever order rows are read in; units rarely change country mid-experiment).
  const segmented = segment !== undefined;
  // Units' execution counts are joined to their values only where needed: for a segment, or
  // for a binary ratio metric's Σ p·e (positive units only). Otherwise both stream unjoined.
  const joined = segmented || metrics.some((m) => m.type === 'binary' && m.per === 'execution');
  const unitSegment = segmented ? sql`min(attributes ->> ${segment})` : sql`null::text`;
  const rowSegment = segmented ? sql`attributes ->> ${segment}` : sql`null::text`;
  const metricRows = (filter: SQL) => sql`
      select name, variant, unit_id,
             count(*) filter (where ${inRange})::float8 as c,
             coalesce(sum(value) filter (where ${inRange}), 0)::float8 as s,
             count(*) filter (where ${inRange} and value > 0)::float8 as p,
             count(*) filter (where not (${inRange}))::float8 as ignored
        from execution_metrics
       where experiment_id = ${id} and variant is not null and unit_id is not null and ${filter}
       group by name, variant, unit_id`;
  const requestRows = (filter: SQL) => sql`
      select x.name, x.variant, ${segmented ? sql`e.attributes ->> ${segment}` : sql`null::text`} as segment, x.value
        from v join execution_metrics x on x.experiment_id = ${id} and x.variant = v.key and x.unit_id is null and ${filter}
        ${segmented ? sql`join executions e on e.id = x.execution_id` : sql``}`;
  const statement = sql`
    -- Rows without a unit are found per variant: with the variant fixed, "unit_id is null" bounds
    -- the index range instead of filtering every row of the experiment.
    with v(key) as (
      values ${sql.join(variants.map((key) => sql`(${key}::text)`), sql`, `)}
    ), u as (
      select variant, unit_id, ${unitSegment} as segment, count(*)::float8 as e
        from executions where experiment_id = ${id} and variant is not null and unit_id is not null
       group by variant, unit_id
    ), m as (
      ${metricRows(sql`name in (${list(continuous)})`)}
      union all
      ${metricRows(sql`name in (${list(binary)}) and value > 0`)}
    ), r as (
      ${requestRows(sql`x.name in (${list(continuous)})`)}
      union all
      ${requestRows(sql`x.name in (${list(binary)}) and x.value > 0`)}
    )
    select 'exposure' as kind, false as anonymous, segment, variant, null::text as metric, count(*)::float8 as units,
           sum(e)::float8 as a1, sum(e * e)::float8 as a2, 0::float8 as a3, 0::float8 as a4, 0::float8 as a5, 0::float8 as a6,
           0::float8 as a7, 0::float8 as a8, 0::float8 as a9, 0::float8 as a10, 0::float8 as a11, 0::float8 as a12, 0::float8 as a13
      from u group by segment, variant
    union all
    select 'exposure', true, ${rowSegment}, x.variant, null, count(*)::float8, count(*)::float8, count(*)::float8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
      from v join executions x on x.experiment_id = ${id} and x.variant = v.key and x.unit_id is null
     group by 3, 4
    union all
    select 'metric', false, ${segmented ? sql`u.segment` : sql`null::text`}, m.variant, m.name, 0,
           count(*) filter (where m.p > 0)::float8, sum(m.s)::float8, sum(m.s * m.s)::float8,
           count(*) filter (where m.c > 0)::float8, coalesce(sum(m.s / m.c) filter (where m.c > 0), 0)::float8,
           coalesce(sum((m.s / m.c) * (m.s / m.c)) filter (where m.c > 0), 0)::float8,
           sum(m.c)::float8, sum(m.c * m.c)::float8, sum(m.s * m.c)::float8,
           sum(m.p)::float8, sum(m.p * m.p)::float8, ${joined ? sql`coalesce(sum(m.p * u.e), 0)::float8` : sql`0::float8`}, sum(m.ignored)::float8
      from m ${segmented ? sql`join u on u.variant = m.variant and u.unit_id = m.unit_id` : joined ? sql`left join u on m.p > 0 and u.variant = m.variant and u.unit_id = m.unit_id` : sql``}
     group by ${segmented ? sql`u.segment, ` : sql``}m.name, m.variant
    union all
    -- Per request: each value is its execution's, and the execution is the unit (c = e = 1).
    select 'metric', true, segment, variant, name, 0,
           count(*) filter (where ${inRange} and value > 0)::float8,
           coalesce(sum(value) filter (where ${inRange}), 0)::float8, coalesce(sum(value * value) filter (where ${inRange}), 0)::float8,
           count(*) filter (where ${inRange})::float8,
           coalesce(sum(value) filter (where ${inRange}), 0)::float8, coalesce(sum(value * value) filter (where ${inRange}), 0)::float8,
           count(*) filter (where ${inRange})::float8, count(*) filter (where ${inRange})::float8, coalesce(sum(value) filter (where ${inRange}), 0)::float8,
           count(*) filter (where ${inRange} and value > 0)::float8, count(*) filter (where ${inRange} and value > 0)::float8,
           count(*) filter (where ${inRange} and value > 0)::float8,
           count(*) filter (where not (${inRange}))::float8
      from r group by segment, variant, name`;
  // Unjoined, both groupings stream in index order in a few MB. Joining 10^5 units by hash
  // needs more than the default 4 MB of work memory, or it spills to disk (3× slower).
  const result = joined
    ? await conn.transaction(async (tx) => {
        await tx.execute(sql`set local work_mem = '64MB'`);
        return tx.execute(statement);
      })
    : await conn.execute(statement);

  type Row = { kind: string; anonymous: boolean; segment: string | null; variant: string; metric: string | null; units: number } & Record<`a${number}`, number>;
  const exposures: ExposureAggregate[] = [];
  const out: MetricAggregate[] = [];
  for (const r of rowsOf<Row>(result)) {
    const base = { population: (r.anonymous ? 'requests' : 'units') as Population, segment: r.segment ?? null, variant: r.variant };
    const a = (i: number) => Number(r[`a${i}`]);
    if (r.kind === 'exposure') {
      exposures.push({ ...base, units: Number(r.units), executions: a(1), executionsSquares: a(2) });
      continue;
    }
    out.push({
      ...base,
      metric: r.metric!,
      converted: a(1),
      sum: a(2),
      sumSquares: a(3),
      valued: a(4),
      meanSum: a(5),
      meanSumSquares: a(6),
      count: a(7),
      countSquares: a(8),
      sumCount: a(9),
      positives: a(10),
      positivesSquares: a(11),
      positivesExecutions: a(12),
      ignored: a(13),
    });
  }
  return { exposures, metrics: out };
}
