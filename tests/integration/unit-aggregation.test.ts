import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { aggregateExperiment, type AggregatedMetric, type ExperimentAggregates } from '@/db/queries/results';
import { executionMetrics, executions } from '@/db/schema';
import { seededRandom, type Random } from '@/lib/experiments/simulation';
import { aggregateInMemory, type ExecutionInput } from '@/lib/experiments/unit-aggregation';
import { withTestDatabase } from '../support/db';

// The A/A simulations (scripts/sim-aa.ts) analyse aggregates computed in memory. They measure
// the engine the server runs only if those aggregates are the SQL's: rows inserted here, the
// way the serving path and the metrics API write them, must aggregate to the same numbers both ways.

withTestDatabase();

const EXPERIMENT = '0190a000-0000-7000-8000-00000000a001';
const OTHER_EXPERIMENT = '0190a000-0000-7000-8000-00000000a002';
const COUNTRIES = ['de', 'fr', 'us', 'br'];
const VARIANTS = ['control', 'b', 'c'];

type Row = Omit<ExecutionInput, 'variant'> & { id: string; experimentId: string; variant: string | null; attributes: Record<string, unknown> | null };

const uuid = (i: number) => `0190b000-0000-7000-8000-${i.toString(16).padStart(12, '0')}`;
const pick = <T>(random: Random, items: readonly T[]) => items[Math.floor(random() * items.length)]!;

/**
 * Repeat units (1 to 8 executions, a few switching country), executions without a unit, units
 * that report nothing, binary values that are not 0/1 (2, negatives), continuous ones of any
 * sign, and values stored before the ±1e15 limit. Plus rows the results must not read: another
 * experiment's, and executions outside the experiment's coverage (no variant).
 */
function dataset(seed: number): Row[] {
  const random = seededRandom(seed);
  const rows: Row[] = [];
  const add = (experimentId: string, variant: string | null, unitId: string | null, country: string | undefined, silent = false) => {
    const metrics: Record<string, number> = {};
    if (!silent) {
      if (random() < 0.7) metrics.conversion = pick(random, [0, 0, 0, 1, 1, 2, -1]);
      if (random() < 0.6) metrics.rating = Math.round((random() * 10 - 2) * 1000) / 1000;
      const odd = random();
      // Postgres orders NaN above every number: a binary metric's `value > 0` reads it, the range leaves it out.
      if (odd < 0.025) metrics.rating = pick(random, [1e200, -1e16, 2e15, NaN, -Infinity]);
      else if (odd < 0.05) metrics.conversion = pick(random, [1e300, -1e200, NaN, Infinity]);
    }
    const attributes = country === undefined ? null : { country, plan: 'pro' };
    rows.push({ id: uuid(rows.length + 1), experimentId, variant, unitId, segment: country ?? null, metrics, attributes });
  };
  const variants = VARIANTS;
  for (let u = 0; u < 70; u++) {
    const variant = pick(random, variants);
    const silent = random() < 0.15;
    let country = random() < 0.85 ? pick(random, COUNTRIES) : undefined;
    const calls = 1 + Math.floor(random() * 8);
    for (let k = 0; k < calls; k++) {
      if (random() < 0.1) country = random() < 0.5 ? pick(random, COUNTRIES) : undefined;
      add(EXPERIMENT, variant, `user-${u}`, country, silent);
    }
  }
  for (let r = 0; r < 60; r++) add(EXPERIMENT, pick(random, variants), null, random() < 0.7 ? pick(random, COUNTRIES) : undefined);
  for (let r = 0; r < 15; r++) add(EXPERIMENT, null, random() < 0.5 ? `user-${r}` : null, 'de');
  for (let r = 0; r < 15; r++) add(OTHER_EXPERIMENT, pick(random, variants), `user-${r}`, 'fr');
  // Shuffled: arrival order must not matter.
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
  }
  return rows;
}

const rows = dataset(20_240_611);
const counted = rows.filter((r): r is Row & { variant: string } => r.experimentId === EXPERIMENT && r.variant !== null);

beforeAll(async () => {
  await getDb().transaction(async (tx) => {
    // Values past ±1e15 exist only in rows written before the CHECK (NOT VALID since): write them around it.
    await tx.execute(sql`alter table execution_metrics drop constraint execution_metrics_value_range`);
    for (let i = 0; i < rows.length; i += 100) {
      const chunk = rows.slice(i, i + 100);
      await tx.insert(executions).values(
        chunk.map((r) => ({
          id: r.id,
          promptName: 'checkout',
          version: 1,
          experimentId: r.experimentId,
          variant: r.variant,
          unitId: r.unitId,
          variables: {},
          attributes: r.attributes,
        })),
      );
      // As the metrics API writes them: experiment, variant and unit copied from the execution.
      const values = chunk.flatMap((r) =>
        Object.entries(r.metrics).map(([name, value]) => ({ executionId: r.id, name, value, experimentId: r.experimentId, variant: r.variant, unitId: r.unitId })),
      );
      if (values.length > 0) await tx.insert(executionMetrics).values(values);
    }
    await tx.execute(sql`alter table execution_metrics add constraint execution_metrics_value_range check (value between -1e15 and 1e15) not valid`);
  });
});

type Keyed = Record<string, Record<string, unknown>>;
const keyed = (aggregates: ExperimentAggregates): { exposures: Keyed; metrics: Keyed } => ({
  exposures: Object.fromEntries(aggregates.exposures.map((e) => [`${e.population}|${e.segment}|${e.variant}`, e])),
  metrics: Object.fromEntries(aggregates.metrics.map((m) => [`${m.population}|${m.segment}|${m.variant}|${m.metric}`, m])),
});

/** Same rows whatever their order, every number equal to 1e-9 relative. */
function expectSameAggregates(fromSql: ExperimentAggregates, inMemory: ExperimentAggregates) {
  expect(fromSql.exposures).toHaveLength(inMemory.exposures.length);
  expect(fromSql.metrics).toHaveLength(inMemory.metrics.length);
  const a = keyed(fromSql);
  const b = keyed(inMemory);
  for (const part of ['exposures', 'metrics'] as const) {
    expect(Object.keys(a[part]).sort()).toEqual(Object.keys(b[part]).sort());
    for (const [key, row] of Object.entries(a[part])) {
      const other = b[part][key]!;
      expect(Object.keys(row).sort(), key).toEqual(Object.keys(other).sort());
      for (const [field, value] of Object.entries(row)) {
        const expected = other[field];
        if (typeof expected !== 'number') {
          expect(value, `${key}.${field}`).toBe(expected);
          continue;
        }
        expect(typeof value, `${key}.${field}`).toBe('number');
        const tolerance = 1e-9 * Math.max(Math.abs(expected), 1e-300);
        expect(Math.abs((value as number) - expected), `${key}.${field}: ${value} vs ${expected}`).toBeLessThanOrEqual(tolerance);
      }
    }
  }
}

const specs: AggregatedMetric[] = [
  { name: 'conversion', type: 'binary' },
  { name: 'rating', type: 'continuous' },
];
const total = (a: ExperimentAggregates, metric: string, field: 'ignored' | 'valued' | 'sum', population?: string) =>
  a.metrics.filter((m) => m.metric === metric && (population === undefined || m.population === population)).reduce((s, m) => s + m[field], 0);

describe('the in-memory aggregation of the A/A simulations', () => {
  it('is the results query with a binary per-execution metric (Σ p·e over units, for the ratio)', async () => {
    const ratio: AggregatedMetric[] = [{ name: 'conversion', type: 'binary', per: 'execution' }, specs[1]!];
    const fromSql = await aggregateExperiment(getDb(), EXPERIMENT, VARIANTS, ratio);
    expectSameAggregates(fromSql, aggregateInMemory(counted, ratio));
    const units = fromSql.metrics.filter((m) => m.population === 'units' && m.metric === 'conversion');
    expect(units.reduce((s, m) => s + m.positivesExecutions, 0)).toBeGreaterThan(units.reduce((s, m) => s + m.positives, 0));
  });

  it('is the results query, on units and requests, repeat units and units that report nothing', async () => {
    const fromSql = await aggregateExperiment(getDb(), EXPERIMENT, VARIANTS, specs);
    // Not broken down: the executions' segments are there, and must be ignored.
    expectSameAggregates(fromSql, aggregateInMemory(counted, specs));
    // The dataset exercises what it claims to: both populations in all three variants, repeat
    // units, units without a rating, values left out on both metrics.
    expect(new Set(fromSql.exposures.map((e) => `${e.population}|${e.variant}`)).size).toBe(6);
    const named = fromSql.exposures.filter((e) => e.population === 'units');
    expect(named.reduce((s, e) => s + e.units, 0)).toBe(70);
    expect(named.reduce((s, e) => s + e.executions, 0)).toBeGreaterThan(140);
    expect(fromSql.exposures.reduce((s, e) => s + e.executions, 0)).toBe(counted.length);
    expect(total(fromSql, 'rating', 'valued', 'units')).toBeLessThan(70);
    expect(total(fromSql, 'rating', 'ignored')).toBeGreaterThan(0);
    expect(total(fromSql, 'conversion', 'ignored')).toBeGreaterThan(0);
  });

  it('is the results query broken down by an attribute, a unit taking the least of its values', async () => {
    const fromSql = await aggregateExperiment(getDb(), EXPERIMENT, VARIANTS, specs, 'country');
    expectSameAggregates(fromSql, aggregateInMemory(counted, specs, { bySegment: true }));
    expect(new Set(fromSql.exposures.map((e) => e.segment))).toEqual(new Set([...COUNTRIES, null]));
  });

  it('is the results query when a name is measured both ways (read in full, as continuous)', async () => {
    const both: AggregatedMetric[] = [...specs, { name: 'conversion', type: 'continuous' }];
    const fromSql = await aggregateExperiment(getDb(), EXPERIMENT, VARIANTS, both);
    expectSameAggregates(fromSql, aggregateInMemory(counted, both));
    // Negative conversions are read now, and lower the sum.
    expect(total(fromSql, 'conversion', 'sum')).toBeLessThan(total(await aggregateExperiment(getDb(), EXPERIMENT, VARIANTS, specs), 'conversion', 'sum'));
  });
});
