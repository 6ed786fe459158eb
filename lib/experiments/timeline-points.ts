// The chart's points from the timeline's per-bucket sums: how one metric reads per unit (or per
// execution, for a ratio metric) over the units first seen up to a time (cumulative) or on one
// day (daily, with a 95% normal interval). Pure: sums in, points out.
import { zeroUnitSums } from '@/db/queries/results';
import type { TimelineBucket } from '@/db/queries/timeline';
import type { MetricSpec } from '@/db/schema';
import { meanSummaryFromSums, type Interval } from '@/lib/stats';
import { ratioSummary } from '@/lib/stats/ratio';

export type TimelineSums = Omit<TimelineBucket, 'bucket' | 'variant'>;
export type MeasuredMetric = Pick<MetricSpec, 'type' | 'per' | 'aggregate'>;

/** One variant at one time: n the units behind the value; band only on days with ≥ 2 of them. */
export type TimelinePoint = { time: string; variant: string; n: number; value: number | null; band: Interval | null };

// The issue asks for the plain normal interval on the daily view, not the analysis' own method.
const Z = 1.96;

const zero = (): TimelineSums => ({ units: 0, executions: 0, executionsSquares: 0, ...zeroUnitSums() });

function add(into: TimelineSums, from: TimelineSums) {
  for (const k of Object.keys(into) as (keyof TimelineSums)[]) into[k] += from[k];
}

const clampRate = ([lo, hi]: Interval): Interval => [Math.max(0, lo), Math.min(1, hi)];
const around = (value: number, variance: number, n: number): Interval | null => {
  const half = Z * Math.sqrt(variance / n);
  return Number.isFinite(half) ? [value - half, value + half] : null;
};

/** The metric as the results read it, over the units these sums cover. */
export function estimate(s: TimelineSums, metric: MeasuredMetric): { n: number; value: number | null; band: Interval | null } {
  const banded = s.units >= 2;
  if (metric.per === 'execution') {
    // Ratio: Σ numerator / Σ denominator over the units; the delta method for its spread.
    const [sumX, sumY, sumXX, sumYY, sumXY] =
      metric.type === 'binary'
        ? [s.positives, s.executions, s.positivesSquares, s.executionsSquares, s.positivesExecutions]
        : [s.sum, s.count, s.sumSquares, s.countSquares, s.sumCount];
    const value = sumY > 0 ? sumX / sumY : null;
    const r = ratioSummary({ n: s.units, sumX, sumY, sumXX, sumYY, sumXY });
    const band = value !== null && banded && r.reason === null ? around(value, r.variance, s.units) : null;
    return { n: s.units, value, band: band && metric.type === 'binary' ? clampRate(band) : band };
  }
  if (metric.type === 'binary') {
    if (s.units === 0) return { n: 0, value: null, band: null };
    const p = s.converted / s.units;
    return { n: s.units, value: p, band: banded ? clampRate(around(p, p * (1 - p), s.units)!) : null };
  }
  // Continuous per unit: the units' means over the units that reported, or their sums over all.
  const { n, sum, sumSquares } =
    metric.aggregate === 'sum' ? { n: s.units, sum: s.sum, sumSquares: s.sumSquares } : { n: s.valued, sum: s.meanSum, sumSquares: s.meanSumSquares };
  if (n === 0) return { n, value: null, band: null };
  const summary = meanSummaryFromSums({ n, sum, sumSquares });
  return { n, value: summary.mean, band: n >= 2 ? around(summary.mean, summary.variance, n) : null };
}

function variantsOf(buckets: TimelineBucket[]): string[] {
  return [...new Set(buckets.map((b) => b.variant))];
}

/** Per bucket and variant, over the units first seen up to the end of the bucket. */
export function cumulativePoints(buckets: TimelineBucket[], metric: MeasuredMetric): TimelinePoint[] {
  const totals = new Map(variantsOf(buckets).map((v) => [v, zero()]));
  const times = [...new Set(buckets.map((b) => b.bucket))].sort();
  const points: TimelinePoint[] = [];
  for (const time of times) {
    for (const b of buckets) if (b.bucket === time) add(totals.get(b.variant)!, b);
    for (const [variant, t] of totals) if (t.units > 0) points.push({ time, variant, ...estimate(t, metric), band: null });
  }
  return points;
}

/** Per UTC day and variant, over the units first seen that day, with the 95% interval. */
export function dailyPoints(buckets: TimelineBucket[], metric: MeasuredMetric): TimelinePoint[] {
  const days = new Map<string, Map<string, TimelineSums>>();
  for (const b of buckets) {
    const day = `${b.bucket.slice(0, 10)}T00:00:00.000Z`;
    const variants = days.get(day) ?? days.set(day, new Map()).get(day)!;
    const sums = variants.get(b.variant) ?? variants.set(b.variant, zero()).get(b.variant)!;
    add(sums, b);
  }
  return [...days.keys()].sort().flatMap((time) => [...days.get(time)!].map(([variant, s]) => ({ time, variant, ...estimate(s, metric) })));
}
