// The results query (db/queries/results.ts, aggregateExperiment) done in memory, for the A/A
// simulations: thousands of experiments analysed by Verso's own engine without a database.
// It must produce exactly what the SQL produces (tests/integration/unit-aggregation.test.ts
// proves it on a seeded dataset), or the simulations would measure a different engine.
import { type AggregatedMetric, type ExperimentAggregates, type ExposureAggregate, type MetricAggregate, type Population, zeroUnitSums } from '@/db/queries/results';

/** One execution as the results query sees it: its variant, its unit (null: randomised per request), the breakdown attribute and its metric values. */
export type ExecutionInput = { variant: string; unitId: string | null; segment?: string | null; metrics: Record<string, number> };

// Postgres's float8 rules, which the SQL follows: NaN is greater than every number, so a
// binary metric's `value > 0` reads it, and `between -1e15 and 1e15` leaves it out.
const LIMIT = 1e15;
const inRange = (v: number) => v >= -LIMIT && v <= LIMIT;
const positiveInPostgres = (v: number) => Number.isNaN(v) || v > 0;

/** One metric of one unit: c reporting executions, s their sum, p positives, values left out. */
type UnitMetric = { c: number; s: number; p: number; ignored: number };
type Unit = { variant: string; population: Population; segment: string | null; group: string; executions: number; metrics: UnitMetric[] };

const groupOf = (population: Population, segment: string | null, variant: string) => `${population}\u0000${segment === null ? '' : `=${segment}`}\u0000${variant}`;

const emptyMetric = (): UnitMetric => ({ c: 0, s: 0, p: 0, ignored: 0 });

/** `bySegment`: break down by the executions' `segment`, as aggregateExperiment's `segment` argument does; else every segment is null. */
export type AggregationOptions = { bySegment?: boolean };

/**
 * Per variant (and segment), as aggregateExperiment: executions grouped by unit (one without a
 * unit is a unit of its own, in the 'requests' population), each unit's values summed per
 * metric, then the units summed. A unit's segment is the least of its executions' non-null
 * segments (SQL `min`; identical for ASCII segment values, which both sides order by code).
 * As in the SQL, a metric has a row only where some unit has a value read for it, and Σ p·e
 * over units is left 0 unless something needs it (a breakdown, or a binary per-execution
 * metric). Rows come out ordered by population, segment, variant and metric (the SQL gives no order).
 */
export function aggregateInMemory(executions: readonly ExecutionInput[], metrics: readonly AggregatedMetric[], options: AggregationOptions = {}): ExperimentAggregates {
  const aggregation = new UnitAggregation(metrics, options);
  for (const execution of executions) aggregation.add(execution);
  return aggregation.aggregates();
}

/**
 * aggregateInMemory as it goes: executions added one by one, the aggregates of all those added
 * so far on demand. A simulation that looks every day adds each day's executions once instead
 * of aggregating every prefix again.
 */
export class UnitAggregation {
  private readonly names: string[];
  private readonly readsAll: boolean[];
  private readonly bySegment: boolean;
  /** Whether the units' Σ p·e is computed (the SQL joins units to their execution counts only then). */
  private readonly joined: boolean;
  private readonly units: Unit[] = [];
  private readonly named = new Map<string, Map<string, Unit>>();

  constructor(metrics: readonly AggregatedMetric[], { bySegment = false }: AggregationOptions = {}) {
    // A name measured both ways (a spec mistake) is read in full, as the SQL does.
    const continuous = new Set(metrics.filter((m) => m.type === 'continuous').map((m) => m.name));
    const binary = [...new Set(metrics.map((m) => m.name))].filter((name) => !continuous.has(name));
    this.names = [...continuous, ...binary];
    this.readsAll = this.names.map((name) => continuous.has(name));
    this.bySegment = bySegment;
    this.joined = bySegment || metrics.some((m) => m.type === 'binary' && m.per === 'execution');
  }

  add(execution: ExecutionInput): void {
    const { variant, unitId } = execution;
    const { names, readsAll } = this;
    const segment = this.bySegment ? (execution.segment ?? null) : null;
    let unit: Unit | undefined;
    if (unitId !== null) {
      let byUnit = this.named.get(variant);
      if (!byUnit) this.named.set(variant, (byUnit = new Map()));
      unit = byUnit.get(unitId);
      if (!unit) {
        unit = { variant, population: 'units', segment, group: groupOf('units', segment, variant), executions: 0, metrics: names.map(emptyMetric) };
        byUnit.set(unitId, unit);
        this.units.push(unit);
      } else if (segment !== null && (unit.segment === null || segment < unit.segment)) {
        unit.segment = segment;
        unit.group = groupOf('units', segment, variant);
      }
    } else {
      unit = { variant, population: 'requests', segment, group: groupOf('requests', segment, variant), executions: 0, metrics: names.map(emptyMetric) };
      this.units.push(unit);
    }
    unit.executions++;
    for (let j = 0; j < names.length; j++) {
      const value = execution.metrics[names[j]!];
      if (value === undefined || !(readsAll[j] || positiveInPostgres(value))) continue;
      const m = unit.metrics[j]!;
      if (!inRange(value)) {
        m.ignored++;
        continue;
      }
      m.c++;
      m.s += value;
      if (value > 0) m.p++;
    }
  }

  /** The aggregates of every execution added so far. */
  aggregates(): ExperimentAggregates {
    const { names, joined } = this;
    // `read[j]`: some unit of the group has a value of metric j read (the SQL has a row for it then).
    type Group = { exposure: ExposureAggregate; metrics: MetricAggregate[]; read: boolean[] };
    const groups = new Map<string, Group>();
    for (const unit of this.units) {
      let group = groups.get(unit.group);
      if (!group) {
        const base = { population: unit.population, segment: unit.segment, variant: unit.variant };
        group = {
          exposure: { ...base, units: 0, executions: 0, executionsSquares: 0 },
          metrics: names.map((metric) => ({ ...base, metric, ...zeroSums() })),
          read: names.map(() => false),
        };
        groups.set(unit.group, group);
      }
      const e = unit.executions;
      const withExecutions = joined || unit.population === 'requests';
      group.exposure.units++;
      group.exposure.executions += e;
      group.exposure.executionsSquares += e * e;
      for (let j = 0; j < names.length; j++) {
        const { c, s, p, ignored } = unit.metrics[j]!;
        if (c + ignored === 0) continue;
        group.read[j] = true;
        const out = group.metrics[j]!;
        if (p > 0) out.converted++;
        out.sum += s;
        out.sumSquares += s * s;
        if (c > 0) {
          const mean = s / c;
          out.valued++;
          out.meanSum += mean;
          out.meanSumSquares += mean * mean;
        }
        out.count += c;
        out.countSquares += c * c;
        out.sumCount += s * c;
        out.positives += p;
        out.positivesSquares += p * p;
        if (withExecutions) out.positivesExecutions += p * e;
        out.ignored += ignored;
      }
    }
    const ordered = [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, g]) => g);
    return { exposures: ordered.map((g) => g.exposure), metrics: ordered.flatMap((g) => g.metrics.filter((_, j) => g.read[j])) };
  }
}

const zeroSums = () => ({ ...zeroUnitSums(), ignored: 0 });
