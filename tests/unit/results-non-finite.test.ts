import { describe, expect, it } from 'vitest';
import type { VariantAggregate } from '@/db/queries/results';
import { analyse } from '@/lib/experiments/results';
import type { ExperimentView } from '@/lib/experiments/views';
import { experimentResultsView } from '@/lib/experiments/views-schema';

// Sums that do not fit a double reach lib/stats as Infinity or NaN: the analysis answers null
// with a reason for what it cannot compute, and never throws or returns a non-finite number.

const experiment = {
  key: 'e',
  name: 'E',
  prompt: 'p',
  hypothesis: '',
  status: 'running' as const,
  variants: [
    { key: 'control', version: 1, weight: 1, control: true, modelConfig: null },
    { key: 'b', version: 2, weight: 1, control: false, modelConfig: null },
  ],
  coverage: 1,
  salt: 's',
  primaryMetric: { name: 'rating', type: 'continuous' as const, direction: 'increase' as const },
  guardrailMetrics: [],
  minSampleSize: 10,
  alpha: 0.05,
  method: 'frequentist' as const,
  winner: null,
  createdBy: 'a',
  createdAt: new Date(0).toISOString(),
  startedAt: new Date(0).toISOString(),
  stoppedAt: null,
} satisfies ExperimentView;

const rows = (sumSquares: number, sum: number): VariantAggregate[] => [
  { variant: 'control', metric: null, n: 50, positives: 0, sum: 0, sumSquares: 0 },
  { variant: 'b', metric: null, n: 50, positives: 0, sum: 0, sumSquares: 0 },
  { variant: 'control', metric: 'rating', n: 50, positives: 50, sum: 100, sumSquares: 250 },
  { variant: 'b', metric: 'rating', n: 50, positives: 50, sum, sumSquares },
];

describe('results on sums past double precision', () => {
  for (const [what, sumSquares, sum] of [
    ['Σx² overflowed to Infinity', Infinity, 1e200],
    ['Σx overflowed too', Infinity, Infinity],
    ['NaN sums', NaN, NaN],
  ] as const) {
    it(`${what}: nulls with a reason, no throw`, () => {
      const results = analyse(experiment, rows(sumSquares, sum));
      const [comparison] = results.metrics[0]!.comparisons;
      expect(comparison).toMatchObject({ pValue: null, ci: null, significant: false });
      expect(comparison!.reason).toMatch(/finite/);
      // What the API would send parses against its own schema: no Infinity turned null behind its back.
      expect(() => experimentResultsView.parse(JSON.parse(JSON.stringify(results)))).not.toThrow();
      const b = results.metrics[0]!.summaries.b!;
      expect(b.type === 'continuous' && b.variance).toBeNull();
    });
  }
});
