import { describe, expect, it } from 'vitest';
import type { ExperimentAggregates, MetricAggregate } from '@/db/queries/results';
import { analyse } from '@/lib/experiments/results';
import { experimentResultsView } from '@/lib/experiments/views-schema';
import { experimentViewOf } from '../support/experiment-view';

// Sums that do not fit a double reach lib/stats as Infinity or NaN: the analysis answers null
// with a reason for what it cannot compute, and never throws or returns a non-finite number.

const experiment = experimentViewOf({
  primaryMetric: { name: 'rating', type: 'continuous', direction: 'increase' },
  minSampleSize: 10,
  method: 'frequentist',
});

const zero = { converted: 0, sum: 0, sumSquares: 0, valued: 0, meanSum: 0, meanSumSquares: 0, count: 0, countSquares: 0, sumCount: 0, positives: 0, positivesSquares: 0, positivesExecutions: 0, ignored: 0 };
const rating = (variant: string, sums: Partial<MetricAggregate>): MetricAggregate => ({ population: 'units', segment: null, variant, metric: 'rating', ...zero, ...sums });

// 50 units a variant, one execution each; 'rating' is a per-unit mean, so it is read from
// valued / meanSum / meanSumSquares (and its per-unit sums from sum / sumSquares).
const rows = (sumSquares: number, sum: number): ExperimentAggregates => ({
  exposures: ['control', 'b'].map((variant) => ({ population: 'units' as const, segment: null, variant, units: 50, executions: 50, executionsSquares: 50 })),
  metrics: [
    rating('control', { valued: 50, meanSum: 100, meanSumSquares: 250, sum: 100, sumSquares: 250, count: 50, countSquares: 50, sumCount: 100 }),
    rating('b', { valued: 50, meanSum: sum, meanSumSquares: sumSquares, sum, sumSquares, count: 50, countSquares: 50, sumCount: sum }),
  ],
});

describe('results on sums past double precision', () => {
  const specs = [
    ['a per-unit mean', {}],
    ['a per-unit sum', { aggregate: 'sum' }],
    ['a per-execution ratio', { per: 'execution' }],
  ] as const;
  const cases = [
    ['Σx² overflowed to Infinity', Infinity, 1e200],
    ['Σx overflowed too', Infinity, Infinity],
    ['NaN sums', NaN, NaN],
  ] as const;
  for (const [metric, spec] of specs) {
    // A ratio's numerator is reported as the sum itself (a number in the API): values are bounded
    // to ±1e15 in SQL, so only its square can run past a double there.
    for (const [what, sumSquares, sum] of 'per' in spec ? cases.slice(0, 1) : cases) {
      it(`${metric}, ${what}: nulls with a reason, no throw`, () => {
        const view = { ...experiment, primaryMetric: { ...experiment.primaryMetric, ...spec } };
        const results = analyse(view, rows(sumSquares, sum));
        const [comparison] = results.metrics[0]!.comparisons;
        expect(comparison).toMatchObject({ pValue: null, ci: null, significant: false });
        expect(comparison!.reason).toBeTruthy();
        // What the API would send parses against its own schema: no Infinity turned null behind its back.
        expect(() => experimentResultsView.parse(JSON.parse(JSON.stringify(results)))).not.toThrow();
        const b = results.metrics[0]!.summaries.b!;
        expect(b.type === 'ratio' ? b.variance : b.type === 'continuous' ? b.variance : 'binary').toBeNull();
      });
    }
  }
});
