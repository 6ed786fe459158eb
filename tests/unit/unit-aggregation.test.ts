import { describe, expect, it } from 'vitest';
import { seededRandom } from '@/lib/experiments/simulation';
import { UnitAggregation, aggregateInMemory, type ExecutionInput } from '@/lib/experiments/unit-aggregation';

// tests/integration/unit-aggregation.test.ts holds aggregateInMemory equal to the SQL; these
// check what it is meant to compute on cases small enough to count by hand, and that adding
// executions day by day (as the peeking simulation does) gives what aggregating them at once gives.

const metrics = [
  { name: 'converted', type: 'binary' as const, per: 'execution' as const },
  { name: 'rating', type: 'continuous' as const },
];

describe('aggregateInMemory', () => {
  it('sums per unit first: a user of three calls is one unit, converted once, rated by the mean of its ratings', () => {
    const executions: ExecutionInput[] = [
      { variant: 'b', unitId: 'ana', metrics: { converted: 1, rating: 4 } },
      { variant: 'b', unitId: 'ana', metrics: { converted: 1 } },
      { variant: 'b', unitId: 'ana', metrics: { converted: 0, rating: 2 } },
      { variant: 'b', unitId: 'bo', metrics: { converted: 0 } },
      { variant: 'b', unitId: null, metrics: { converted: 1, rating: 5 } },
    ];
    const { exposures, metrics: rows } = aggregateInMemory(executions, metrics);
    expect(exposures).toEqual([
      { population: 'requests', segment: null, variant: 'b', units: 1, executions: 1, executionsSquares: 1 },
      { population: 'units', segment: null, variant: 'b', units: 2, executions: 4, executionsSquares: 10 },
    ]);
    const row = (population: string, metric: string) => rows.find((r) => r.population === population && r.metric === metric);
    // Binary: only positives are read; ana has p = 2 of e = 3 executions, bo none.
    expect(row('units', 'converted')).toMatchObject({ converted: 1, sum: 2, count: 2, positives: 2, positivesSquares: 4, positivesExecutions: 6 });
    // Continuous: ana's s = 6 over c = 2; bo reported nothing (s = 0, not valued).
    expect(row('units', 'rating')).toMatchObject({ sum: 6, sumSquares: 36, valued: 1, meanSum: 3, meanSumSquares: 9, count: 2, countSquares: 4, sumCount: 12 });
    expect(row('requests', 'rating')).toMatchObject({ valued: 1, meanSum: 5, count: 1 });
  });

  it('leaves out values past ±1e15 and counts them, reads NaN as Postgres does, and gives no row to a metric nobody reported', () => {
    const { metrics: rows } = aggregateInMemory(
      [
        { variant: 'b', unitId: 'u', metrics: { converted: 1e300 } },
        { variant: 'b', unitId: 'u', metrics: { converted: NaN, rating: -Infinity } },
        { variant: 'b', unitId: 'u', metrics: { converted: -5, rating: 1 } },
        { variant: 'control', unitId: 'v', metrics: {} },
      ],
      metrics,
    );
    // A negative binary value is not read (value > 0); NaN is, and is out of range.
    expect(rows.find((r) => r.metric === 'converted')).toMatchObject({ variant: 'b', converted: 0, count: 0, ignored: 2 });
    expect(rows.find((r) => r.metric === 'rating')).toMatchObject({ variant: 'b', count: 1, sum: 1, ignored: 1 });
    expect(rows.filter((r) => r.variant === 'control')).toEqual([]);
  });

  it('breaks down by segment only when asked, a unit taking the least of its values', () => {
    const executions: ExecutionInput[] = [
      { variant: 'b', unitId: 'u', segment: 'us', metrics: {} },
      { variant: 'b', unitId: 'u', segment: null, metrics: {} },
      { variant: 'b', unitId: 'u', segment: 'de', metrics: {} },
    ];
    expect(aggregateInMemory(executions, metrics).exposures.map((e) => e.segment)).toEqual([null]);
    expect(aggregateInMemory(executions, metrics, { bySegment: true }).exposures.map((e) => e.segment)).toEqual(['de']);
  });

  it('leaves Σ p·e at 0 when no binary metric is per execution, as the SQL skips that join', () => {
    const executions: ExecutionInput[] = [{ variant: 'b', unitId: 'u', metrics: { converted: 1 } }];
    expect(aggregateInMemory(executions, [{ name: 'converted', type: 'binary' }]).metrics[0]!.positivesExecutions).toBe(0);
    expect(aggregateInMemory(executions, metrics).metrics[0]!.positivesExecutions).toBe(1);
  });
});

describe('UnitAggregation', () => {
  it('gives after each day exactly what aggregating every execution so far at once gives', () => {
    const random = seededRandom(3);
    const executions: ExecutionInput[] = Array.from({ length: 600 }, () => ({
      variant: random() < 0.5 ? 'control' : 'b',
      unitId: random() < 0.2 ? null : `u${Math.floor(random() * 120)}`,
      segment: random() < 0.3 ? null : ['de', 'fr'][Math.floor(random() * 2)]!,
      metrics: { converted: random() < 0.3 ? 1 : 0, ...(random() < 0.6 ? { rating: random() * 5 } : {}) },
    }));
    const aggregation = new UnitAggregation(metrics, { bySegment: true });
    for (let day = 1; day <= 6; day++) {
      for (const execution of executions.slice((day - 1) * 100, day * 100)) aggregation.add(execution);
      expect(aggregation.aggregates()).toEqual(aggregateInMemory(executions.slice(0, day * 100), metrics, { bySegment: true }));
    }
  });
});
