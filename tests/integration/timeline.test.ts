import crypto from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { executions, experiments } from '@/db/schema';
import { recordMetrics, type MetricItem } from '@/lib/executions/outcomes';
import { experimentRecord } from '@/lib/experiments/experiments';
import { experimentTimelineFor, type ExperimentTimeline } from '@/lib/experiments/timeline';
import { getVersion } from '@/lib/prompts/registry';
import { withTestDatabase } from '../support/db';
import { givenExperiment } from '../support/experiments';
import { givenPrompt } from '../support/prompts';

// The experiment page's chart, per unit: a unit counts once, at its first execution's day.
// Expected values by hand, checked by tests/integration/timeline_reference.py (exact fractions,
// Decimal square roots), which holds the same data set.

withTestDatabase();

const D1 = '2026-03-01';
const D2 = '2026-03-02';
const D3 = '2026-03-03';
const day = (d: string) => `${d}T00:00:00.000Z`;

type Row = { variant: 'control' | 'b'; unit: string | null; at: string; conversion?: number; revenue?: number };

// u1 comes back on days 2 and 3, u2 twice on day 1, u4 at the end of day 1, u5 on days 2 and 3;
// one control execution has no unit (a unit of its own). u6 never reports anything.
// Rows are not in time order: the first execution is the earliest, not the first inserted.
const ROWS: Row[] = [
  { variant: 'control', unit: 'u1', at: `${D2}T09:00:00Z`, conversion: 0, revenue: 6 },
  { variant: 'control', unit: 'u1', at: `${D1}T10:00:00Z`, conversion: 1, revenue: 4 },
  { variant: 'control', unit: 'u1', at: `${D3}T09:00:00Z` },
  { variant: 'control', unit: 'u2', at: `${D1}T12:00:00Z` },
  { variant: 'control', unit: 'u2', at: `${D1}T13:00:00Z`, conversion: 0, revenue: 2 },
  { variant: 'control', unit: 'u3', at: `${D2}T08:00:00Z`, conversion: 0, revenue: 10 },
  { variant: 'control', unit: null, at: `${D2}T15:00:00Z`, conversion: 1, revenue: 3 },
  { variant: 'b', unit: 'u4', at: `${D1}T11:00:00Z`, conversion: 0, revenue: 5 },
  { variant: 'b', unit: 'u4', at: `${D1}T23:59:00Z`, conversion: 0 },
  { variant: 'b', unit: 'u5', at: `${D3}T10:00:00Z`, conversion: 1, revenue: 7 },
  { variant: 'b', unit: 'u5', at: `${D2}T10:00:00Z`, conversion: 1, revenue: 1 },
  { variant: 'b', unit: 'u6', at: `${D3}T01:00:00Z` },
  { variant: 'b', unit: 'u7', at: `${D3}T02:00:00Z`, conversion: 1, revenue: 2 },
  { variant: 'b', unit: 'u8', at: `${D3}T03:00:00Z`, conversion: 0, revenue: 8 },
];

/** A draft experiment on a prompt of its own, started on day 1 (so the chart is by day), with ROWS. */
async function experimentWith(key: string, primaryMetric: Record<string, unknown>) {
  await givenPrompt(`${key}-prompt`, { versions: 2 });
  await givenExperiment(key, `${key}-prompt`, { primaryMetric });
  const { id } = await experimentRecord(key);
  const promptId = (await getVersion(`${key}-prompt`, { version: 1 })).prompt.id;
  const db = getDb();
  await db.update(experiments).set({ startedAt: new Date(day(D1)) }).where(eq(experiments.id, id));
  const ids = ROWS.map(() => crypto.randomUUID());
  await db.insert(executions).values(
    ROWS.map((r, i) => ({
      id: ids[i]!,
      promptId,
      promptName: `${key}-prompt`,
      version: r.variant === 'control' ? 1 : 2,
      experimentId: id,
      variant: r.variant,
      unitId: r.unit,
      variables: {},
      createdAt: new Date(r.at),
    })),
  );
  // Through the ingestion path, which copies the execution's unit onto the metric row.
  const items: MetricItem[] = ROWS.flatMap((r, i) => [
    ...(r.conversion !== undefined ? [{ executionId: ids[i]!, name: 'conversion', value: r.conversion }] : []),
    ...(r.revenue !== undefined ? [{ executionId: ids[i]!, name: 'revenue', value: r.revenue }] : []),
  ]);
  await recordMetrics(items);
  return experimentTimelineFor(key);
}

type Expected = [time: string, variant: string, n: number, value: number | null, band?: [number, number] | null];

function expectPoints(points: ExperimentTimeline['cumulative'], expected: Expected[]) {
  const sorted = [...points].sort((a, b) => a.time.localeCompare(b.time) || a.variant.localeCompare(b.variant));
  const want = [...expected].sort((a, b) => a[0].localeCompare(b[0]) || a[1].localeCompare(b[1]));
  expect(sorted.map((p) => [p.time, p.variant, p.n])).toEqual(want.map(([t, v, n]) => [day(t), v, n]));
  sorted.forEach((p, i) => {
    const [t, v, , value, band] = want[i]!;
    const what = `${v} on ${t}`;
    if (value === null) expect(p.value, what).toBeNull();
    else expect(p.value, what).toBeCloseTo(value, 12);
    if (band === undefined) return;
    if (band === null) return expect(p.band, `${what} band`).toBeNull();
    expect(p.band, `${what} band`).not.toBeNull();
    expect(p.band![0], `${what} low`).toBeCloseTo(band[0], 12);
    expect(p.band![1], `${what} high`).toBeCloseTo(band[1], 12);
  });
}

describe('the chart of a binary metric per unit', () => {
  let timeline: ExperimentTimeline;
  beforeAll(async () => {
    timeline = await experimentWith('chart-binary', { name: 'conversion', type: 'binary', direction: 'increase' });
  });

  it('buckets by day once the experiment has run for more than 3 days, as a rate', () => {
    expect(timeline.bucket).toBe('day');
    expect(timeline.scale).toBe('rate');
  });

  it('cumulates over units first seen so far, counting a returning unit once and converted if any execution converted', () => {
    // control: u1 converted on day 1 (its day-2 zero does not undo it), u2 did not; day 2 adds
    // u3 (no) and the execution without a unit (yes). u1's day-3 return adds nobody.
    expectPoints(timeline.cumulative, [
      [D1, 'control', 2, 1 / 2, null],
      [D2, 'control', 4, 2 / 4, null],
      [D3, 'control', 4, 2 / 4, null],
      [D1, 'b', 1, 0, null],
      [D2, 'b', 2, 1 / 2, null],
      [D3, 'b', 5, 2 / 5, null],
    ]);
  });

  it('shows each day’s new units with a 95% band, none below 2 units, never outside 0–100%', () => {
    expectPoints(timeline.daily, [
      [D1, 'control', 2, 1 / 2, [0, 1]],
      [D2, 'control', 2, 1 / 2, [0, 1]],
      [D1, 'b', 1, 0, null],
      [D2, 'b', 1, 1, null],
      // 1/3 ± 1.96·√((1/3)(2/3)/3)
      [D3, 'b', 3, 1 / 3, [0, 0.8667777662061144]],
    ]);
  });
});

describe('the chart of a continuous metric per unit', () => {
  it('averages each unit’s values, then the units that reported', async () => {
    const timeline = await experimentWith('chart-mean', { name: 'revenue', type: 'continuous', direction: 'increase' });
    expect(timeline.scale).toBe('amount');
    // Unit means: control u1 5, u2 2 (day 1), u3 10, no-unit 3 (day 2); b u4 5, u5 4, u7 2, u8 8; u6 none.
    expectPoints(timeline.cumulative, [
      [D1, 'control', 2, 3.5],
      [D2, 'control', 4, 5],
      [D3, 'control', 4, 5],
      [D1, 'b', 1, 5],
      [D2, 'b', 2, 4.5],
      [D3, 'b', 4, 4.75],
    ]);
    // mean ± 1.96·s/√n: day 1 control 3.5 ± 1.96·√(4.5/2); day 3 b (u6 has no value) 5 ± 1.96·√(18/2).
    expectPoints(timeline.daily, [
      [D1, 'control', 2, 3.5, [0.56, 6.44]],
      [D2, 'control', 2, 6.5, [-0.36, 13.36]],
      [D1, 'b', 1, 5, null],
      [D2, 'b', 1, 4, null],
      [D3, 'b', 2, 5, [-0.88, 10.88]],
    ]);
  });

  it('adds up each unit’s values when the metric is a sum, a unit without values counting 0', async () => {
    const timeline = await experimentWith('chart-sum', { name: 'revenue', type: 'continuous', direction: 'increase', aggregate: 'sum' });
    expectPoints(timeline.cumulative, [
      [D1, 'control', 2, 6],
      [D2, 'control', 4, 6.25],
      [D3, 'control', 4, 6.25],
      [D1, 'b', 1, 5],
      [D2, 'b', 2, 6.5],
      [D3, 'b', 5, 4.6],
    ]);
    expectPoints(timeline.daily, [
      [D1, 'control', 2, 6, [-1.84, 13.84]],
      [D2, 'control', 2, 6.5, [-0.36, 13.36]],
      [D1, 'b', 1, 5, null],
      [D2, 'b', 1, 8, null],
      [D3, 'b', 3, 10 / 3, [-1.377920333272946, 8.044586999939613]],
    ]);
  });
});

describe('the chart of a ratio metric (per execution)', () => {
  it('divides the converting executions by all executions of the units seen so far', async () => {
    const timeline = await experimentWith('chart-ratio', { name: 'conversion', type: 'binary', direction: 'increase', per: 'execution' });
    expect(timeline.scale).toBe('rate');
    // control day 1: u1 1 of 3 executions, u2 0 of 2; day 2 adds u3 0/1 and the no-unit one 1/1.
    expectPoints(timeline.cumulative, [
      [D1, 'control', 2, 1 / 5],
      [D2, 'control', 4, 2 / 7],
      [D3, 'control', 4, 2 / 7],
      [D1, 'b', 1, 0],
      [D2, 'b', 2, 2 / 4],
      [D3, 'b', 5, 3 / 7],
    ]);
    // Delta-method bands, clamped to 0–100%.
    expectPoints(timeline.daily, [
      [D1, 'control', 2, 1 / 5, [0, 0.5136]],
      [D2, 'control', 2, 1 / 2, [0, 1]],
      [D1, 'b', 1, 0, null],
      [D2, 'b', 1, 1, null],
      [D3, 'b', 3, 1 / 3, [0, 0.9866666666666667]],
    ]);
  });
});

describe('the chart of a young experiment', () => {
  it('buckets by hour after 6 hours, and the days still add up its hours', async () => {
    await givenPrompt('young-prompt', { versions: 2 });
    await givenExperiment('chart-young', 'young-prompt', {}, { start: true });
    const { id } = await experimentRecord('chart-young');
    const promptId = (await getVersion('young-prompt', { version: 1 })).prompt.id;
    const db = getDb();
    await db.execute(sql`update experiments set started_at = now() - interval '7 hours' where id = ${id}::uuid`);
    const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * 3_600_000);
    const rows = [
      { unit: 'y1', at: at(5) },
      { unit: 'y1', at: at(1) },
      { unit: 'y2', at: at(1) },
    ].map((r) => ({ id: crypto.randomUUID(), promptId, promptName: 'young-prompt', version: 1, experimentId: id, variant: 'control', unitId: r.unit, variables: {}, createdAt: r.at }));
    await db.insert(executions).values(rows);
    await recordMetrics([{ executionId: rows[1]!.id, name: 'conversion', value: 1 }]);
    const timeline = await experimentTimelineFor('chart-young');
    expect(timeline.bucket).toBe('hour');
    const control = timeline.cumulative.filter((p) => p.variant === 'control');
    // y1 at its first hour, converted by its later execution; y2 an hour ago.
    expect(control.map((p) => [p.n, p.value])).toEqual([
      [1, 1],
      [2, 1 / 2],
    ]);
    expect(timeline.daily.filter((p) => p.variant === 'control').reduce((n, p) => n + p.n, 0)).toBe(2);
  });
});
