import type { experimentTimelineFor } from '@/lib/experiments/results';
import type { ExperimentView } from '@/lib/experiments/views';

type Timeline = Awaited<ReturnType<typeof experimentTimelineFor>>;

/** One row per time bucket: the bucket and each variant's cumulative rate or mean so far. */
export type CumulativeRow = { bucket: string } & Record<string, number | string | null>;

/**
 * Running totals of the primary metric per variant, as the results page's numbers would have
 * read at the end of each bucket. Binary: positives / executions (no value counts as 0);
 * continuous: sum / executions that reported a value.
 */
export function cumulativeSeries(timeline: Timeline, variants: string[], type: ExperimentView['primaryMetric']['type']): CumulativeRow[] {
  const totals = new Map(variants.map((v) => [v, { n: 0, valued: 0, sum: 0, positives: 0 }]));
  const buckets = [...new Set(timeline.points.map((p) => p.bucket))].sort();
  return buckets.map((bucket) => {
    for (const p of timeline.points) {
      if (p.bucket !== bucket) continue;
      const t = totals.get(p.variant);
      if (!t) continue;
      t.n += p.n;
      t.valued += p.valued;
      t.sum += p.sum;
      t.positives += p.positives;
    }
    const row: CumulativeRow = { bucket };
    for (const [variant, t] of totals) {
      row[variant] = type === 'binary' ? (t.n > 0 ? t.positives / t.n : null) : t.valued > 0 ? t.sum / t.valued : null;
    }
    return row;
  });
}
