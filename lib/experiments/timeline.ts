import { getDb } from '@/db/client';
import { experimentTimeline, type TimeBucket } from '@/db/queries/timeline';
import { experimentRecord } from './experiments';
import { cumulativePoints, dailyPoints, type TimelinePoint } from './timeline-points';

export type { TimelinePoint } from './timeline-points';

/**
 * The primary metric over time, per unit as the results count it: each unit is placed at its
 * first execution. `scale` 'rate' for a binary metric (a share, 0–100%), else 'amount'.
 */
export type ExperimentTimeline = {
  bucket: TimeBucket;
  scale: 'rate' | 'amount';
  cumulative: TimelinePoint[];
  daily: TimelinePoint[];
};

/** Enough points for a line on the first afternoon, few enough after a month. */
export function bucketFor(startedAt: string | null, stoppedAt: string | null, now = Date.now()): TimeBucket {
  const started = startedAt ? Date.parse(startedAt) : now;
  const span = (stoppedAt ? Date.parse(stoppedAt) : now) - started;
  return span > 3 * 86_400_000 ? 'day' : span > 6 * 3_600_000 ? 'hour' : 'minute';
}

export async function experimentTimelineFor(key: string): Promise<ExperimentTimeline> {
  const { id, view } = await experimentRecord(key);
  const metric = view.primaryMetric;
  const bucket = bucketFor(view.startedAt, view.stoppedAt);
  const buckets = await experimentTimeline(getDb(), id, view.variants.map((v) => v.key), metric, bucket);
  return {
    bucket,
    scale: metric.type === 'binary' ? 'rate' : 'amount',
    cumulative: cumulativePoints(buckets, metric),
    daily: dailyPoints(buckets, metric),
  };
}
