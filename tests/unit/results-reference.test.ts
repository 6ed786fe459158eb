import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ExperimentAggregates, ExposureAggregate, MetricAggregate } from '@/db/queries/results';
import type { MetricSpec } from '@/db/schema';
import { analyse } from '@/lib/experiments/results';
import { experimentViewOf } from '../support/experiment-view';

// The results of small datasets listed unit by unit, against values computed independently by
// tests/unit/fixtures/results_reference.py (Python standard library: Student t tails and
// quantiles at 60 digits), which also holds the datasets. Regenerate the JSON with:
//   python3 tests/unit/fixtures/results_reference.py > tests/unit/fixtures/results_reference.json

type Interval = [number, number];
type Expected = { diff: number; ci: Interval; relativeDiff: number; relativeCi: Interval; pValue: number };
type Reference = {
  alpha: number;
  minSampleSize: number;
  tuning: number;
  data: {
    binary: Record<string, { executions: number; positives: number }[]>;
    values: Record<string, number[][]>;
    ratio: Record<string, number[][]>;
  };
  expected: Record<'binary' | 'mean' | 'sum' | 'ratio' | 'binaryRatio', { summaries: Record<string, Record<string, number>>; frequentist: Expected; sequential: Expected }>;
};

const reference: Reference = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'fixtures', 'results_reference.json'), 'utf8'));

/** One unit as the aggregation query sees it: its executions, and the values it reported. */
type Unit = { executions: number; values: number[] };

/** The sums aggregateExperiment returns for these units (its documented definitions, computed unit by unit). */
function aggregatesOf(metric: string, byVariant: Record<string, Unit[]>): ExperimentAggregates {
  const exposures: ExposureAggregate[] = [];
  const metrics: MetricAggregate[] = [];
  for (const [variant, units] of Object.entries(byVariant)) {
    const base = { population: 'units' as const, segment: null, variant };
    exposures.push({ ...base, units: units.length, executions: sum(units, (u) => u.executions), executionsSquares: sum(units, (u) => u.executions ** 2) });
    const per = units.map((u) => {
      const s = u.values.reduce((a, b) => a + b, 0);
      return { e: u.executions, c: u.values.length, s, p: u.values.filter((v) => v > 0).length };
    });
    const valued = per.filter((u) => u.c > 0);
    metrics.push({
      ...base,
      metric,
      converted: per.filter((u) => u.p > 0).length,
      sum: sum(per, (u) => u.s),
      sumSquares: sum(per, (u) => u.s ** 2),
      valued: valued.length,
      meanSum: sum(valued, (u) => u.s / u.c),
      meanSumSquares: sum(valued, (u) => (u.s / u.c) ** 2),
      count: sum(per, (u) => u.c),
      countSquares: sum(per, (u) => u.c ** 2),
      sumCount: sum(per, (u) => u.s * u.c),
      positives: sum(per, (u) => u.p),
      positivesSquares: sum(per, (u) => u.p ** 2),
      positivesExecutions: sum(per, (u) => u.p * u.e),
      ignored: 0,
    });
  }
  return { exposures, metrics };
}

const sum = <T>(items: T[], f: (item: T) => number) => items.reduce((total, item) => total + f(item), 0);
const mapValues = <T, U>(o: Record<string, T>, f: (v: T) => U) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)]));

// A binary metric reads only positive values (1 per converting execution); an execution with
// a value of 0 and one with none are alike to it.
const binaryUnits = mapValues(reference.data.binary, (units) => units.map((u): Unit => ({ executions: u.executions, values: Array(u.positives).fill(1) })));
// A unit that never reported a value still had its execution.
const valueUnits = (data: Record<string, number[][]>) => mapValues(data, (units) => units.map((values): Unit => ({ executions: Math.max(values.length, 1), values })));

/** Equal to 1e-6 relative (1e-12 absolute next to 0), element by element for intervals. */
function expectClose(actual: unknown, expected: number | number[], what: string) {
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual), `${what}: ${JSON.stringify(actual)}`).toBe(true);
    return expected.forEach((e, i) => expectClose((actual as number[])[i], e, `${what}[${i}]`));
  }
  expect(typeof actual, `${what}: ${actual}`).toBe('number');
  expect(Math.abs((actual as number) - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(Math.max(1e-6 * Math.abs(expected), 1e-12));
}

const cases: { name: keyof Reference['expected']; title: string; spec: MetricSpec; units: Record<string, Unit[]> }[] = [
  { name: 'binary', title: 'a binary metric per unit (any positive execution converts the unit)', spec: { name: 'conversion', type: 'binary', direction: 'increase' }, units: binaryUnits },
  { name: 'mean', title: "a continuous metric, the unit's mean", spec: { name: 'rating', type: 'continuous', direction: 'increase' }, units: valueUnits(reference.data.values) },
  { name: 'sum', title: "the same values, the unit's sum (units without one count 0)", spec: { name: 'rating', type: 'continuous', direction: 'increase', aggregate: 'sum' }, units: valueUnits(reference.data.values) },
  { name: 'ratio', title: 'a continuous ratio metric per execution (delta method)', spec: { name: 'latency', type: 'continuous', direction: 'increase', per: 'execution' }, units: valueUnits(reference.data.ratio) },
  { name: 'binaryRatio', title: 'a binary ratio metric per execution (delta method)', spec: { name: 'conversion', type: 'binary', direction: 'increase', per: 'execution' }, units: binaryUnits },
];

describe('results against independently computed reference values', () => {
  for (const c of cases) {
    describe(c.title, () => {
      const expected = reference.expected[c.name];
      for (const method of ['frequentist', 'sequential'] as const) {
        it(`${method}: the per-unit summaries, the difference, its interval and p-value`, () => {
          const experiment = experimentViewOf({ primaryMetric: c.spec, method, alpha: reference.alpha, minSampleSize: reference.minSampleSize });
          const results = analyse(experiment, aggregatesOf(c.spec.name, c.units));
          expect(results.analysis.population).toBe('units');
          expect(results.analysis.tuningParameter).toBe(method === 'sequential' ? reference.tuning : null);
          const [primary] = results.metrics;
          for (const [variant, summary] of Object.entries(expected.summaries)) {
            const actual = primary!.summaries[variant]!;
            expect(actual.n, `${variant} n`).toBe(summary.n);
            if (actual.type === 'binary') {
              expect(actual.conversions).toBe(summary.conversions);
              expectClose(actual.rate, summary.rate!, `${variant} rate`);
            } else if (actual.type === 'continuous') {
              expectClose(actual.mean, summary.mean!, `${variant} mean`);
              expectClose(actual.variance, summary.variance!, `${variant} variance`);
            } else {
              expectClose(actual.ratio, summary.ratio!, `${variant} ratio`);
              expectClose(actual.variance, summary.variance!, `${variant} per-unit variance`);
              expectClose(Math.sqrt(actual.variance! / actual.n), summary.standardError!, `${variant} standard error`);
            }
          }
          const comparison = primary!.comparisons[0]!;
          const e = expected[method];
          expect(comparison.variant).toBe('b');
          expectClose(comparison.diff, e.diff, 'diff');
          expectClose(comparison.ci, e.ci, 'ci');
          expectClose(comparison.relativeDiff, e.relativeDiff, 'relative diff');
          expectClose(comparison.relativeCi, e.relativeCi, 'relative ci');
          expectClose(comparison.pValue, e.pValue, 'p');
          expect(comparison.significant).toBe(e.pValue < reference.alpha);
        });
      }
    });
  }
});
