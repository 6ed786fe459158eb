// The experiment page's chart query (experimentTimeline) on Postgres at 1,000,000 executions
// from 100,000 units (10 each) with a binary and a continuous metric on every execution:
// the rows are inserted with SQL (generate_series), then the query is timed (median and p95
// of 20 after a warm-up) by day and by hour, experimentTimelineFor(key) once, and the query
// is explained. `npm run bench:timeline [-- --executions 1000000 --units 100000]`.
// Runs in BENCH_TIMELINE_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/verso_bench,
// created if missing) and deletes its rows afterwards. Goal: under 1 s. The units' first
// execution comes from executions_experiment_unit_idx alone (created_at is its last column).
// `-- --keep` leaves the rows in place (for EXPLAIN by hand).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { openDatabase, useDatabase, type Conn, type DatabaseHandle } from '@/db/client';
import { migrate } from '@/db/migrate';
import { rowsOf } from '@/db/queries/prompts';
import { experimentTimeline, type TimeBucket } from '@/db/queries/timeline';
import { experimentRecord } from '@/lib/experiments/experiments';
import { experimentTimelineFor } from '@/lib/experiments/timeline';
import { getVersion } from '@/lib/prompts/registry';
import { givenExperiment } from '../support/experiments';
import { givenPrompt } from '../support/prompts';
import { explain, flag, format, insertBenchMetrics, option, statementOf } from './load';

const URL_ = process.env.BENCH_TIMELINE_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/verso_bench';
const EXECUTIONS = Number(option('executions', '1000000'));
const UNITS = Number(option('units', '100000'));
const ROUNDS = 20;
const GOAL_MS = 1_000;
const RUN = crypto.randomBytes(3).toString('hex');
const KEY = `timeline-bench-${RUN}`;
const PROMPT = `bench/timeline-${RUN}`;
const METRIC = { name: 'conversion', type: 'binary' } as const;
const VARIANTS = ['control', 'b'];

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
const ms = (x: number) => `${x.toFixed(0)} ms`;

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await work();
  return [value, performance.now() - started];
}

/** The database, created on its server when it does not exist yet. */
async function ensureDatabase(url: string) {
  const name = new URL(url).pathname.slice(1);
  const server = new URL(url);
  server.pathname = '/postgres';
  const admin = postgres(server.toString(), { max: 1, onnotice: () => {} });
  try {
    const found = await admin`select 1 from pg_database where datname = ${name}`;
    if (found.length === 0) await admin.unsafe(`create database "${name.replaceAll('"', '""')}"`);
  } finally {
    await admin.end();
  }
}

async function setUp(db: Conn): Promise<{ experimentId: string; promptId: string }> {
  await givenPrompt(PROMPT, { versions: 2 });
  await givenExperiment(
    KEY,
    PROMPT,
    { guardrailMetrics: [{ name: 'latency_ms', type: 'continuous', direction: 'decrease', tolerance: 0.1 }], minSampleSize: 10_000 },
    { start: true },
  );
  const { id } = await experimentRecord(KEY);
  // Started when its first unit arrived, so experimentTimelineFor picks day buckets.
  await db.execute(sql`update experiments set started_at = now() - interval '15 days' where id = ${id}::uuid`);
  return { experimentId: id, promptId: (await getVersion(PROMPT, { version: 1 })).prompt.id };
}

/**
 * Executions as the serving path writes them (time-ordered ids). Unit k arrives k·10 s after the
 * start and comes back every hour (10 executions), so units are first seen over ~12 days; a
 * unit keeps its variant (k even: control). Two metrics on every execution, the unit copied.
 */
async function insertRows(db: Conn, { experimentId, promptId }: { experimentId: string; promptId: string }) {
  const stem = crypto.randomBytes(2).toString('hex');
  await db.execute(sql`
    insert into executions (id, prompt_id, prompt_name, version, experiment_id, variant, unit_id, status, variables, created_at)
    select (lpad(to_hex(1700000000000 + i), 12, '0') || ${stem} || '8000' || lpad(to_hex(i), 12, '0'))::uuid,
           ${promptId}::uuid, ${PROMPT}, 1 + (i % ${UNITS}) % 2, ${experimentId}::uuid, case when (i % ${UNITS}) % 2 = 0 then 'control' else 'b' end,
           'unit-' || (i % ${UNITS}), 'resolved', '{"name": "tea"}'::jsonb,
           now() - interval '14 days' + make_interval(secs => (i % ${UNITS}) * 10 + (i / ${UNITS}) * 3600)
      from generate_series(0, ${EXECUTIONS - 1}::int) as i`);
  await insertBenchMetrics(db, experimentId, { control: 0.03, b: 0.033 });
}

/**
 * CPU seconds used so far by this database's server processes (Linux /proc, a local server): on a
 * shared machine the wall time includes waiting for a core, the CPU time does not.
 */
async function serverCpuSeconds(db: Conn): Promise<number> {
  const pids = rowsOf<{ pid: number }>(await db.execute(sql`select pid from pg_stat_activity where datname = current_database()`));
  let ticks = 0;
  for (const { pid } of pids) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      return NaN; // a remote server, or the process ended
    }
  }
  return ticks / 100;
}

async function measure(db: Conn, experimentId: string, label: string, bucket: TimeBucket, metric: { name: string; type: 'binary' | 'continuous' } = METRIC) {
  await experimentTimeline(db, experimentId, VARIANTS, metric, bucket);
  const times: number[] = [];
  let buckets = 0;
  const cpuBefore = await serverCpuSeconds(db);
  for (let i = 0; i < ROUNDS; i++) {
    const [rows, t] = await timed(() => experimentTimeline(db, experimentId, VARIANTS, metric, bucket));
    times.push(t);
    buckets = rows.length;
  }
  const cpu = ((await serverCpuSeconds(db)) - cpuBefore) / ROUNDS;
  const median = quantile(times, 0.5);
  const p95 = quantile(times, 0.95);
  console.log(
    `  ${label.padEnd(40)} median ${ms(median).padStart(7)}   p95 ${ms(p95).padStart(7)}   server CPU ${Number.isNaN(cpu) ? '?' : ms(cpu * 1000)} per query   ` +
      `(${buckets} bucket×variant rows, load average ${os.loadavg()[0]!.toFixed(1)})`,
  );
  return p95;
}

async function main() {
  await ensureDatabase(URL_);
  let handle: DatabaseHandle | undefined;
  let ids: { experimentId: string; promptId: string } | undefined;
  try {
    handle = await openDatabase({ url: URL_, dataDir: '' });
    await migrate(handle);
    useDatabase(handle);
    const db = handle.db;
    const server = rowsOf<{ server_version: string }>(await db.execute(sql`show server_version`))[0]!.server_version;
    console.log(`\nTimeline benchmark: Postgres ${server}, node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg()[0]!.toFixed(1)}.`);
    ids = await setUp(db);
    const [, insertMs] = await timed(() => insertRows(db, ids!));
    const counted = rowsOf<{ executions: number; units: number; metrics: number }>(
      await db.execute(sql`select (select count(*)::int from executions where experiment_id = ${ids.experimentId}::uuid) as executions,
                                  (select count(distinct unit_id)::int from executions where experiment_id = ${ids.experimentId}::uuid) as units,
                                  (select count(*)::int from execution_metrics where experiment_id = ${ids.experimentId}::uuid) as metrics`),
    )[0]!;
    console.log(
      `Inserted ${format(counted.executions)} executions from ${format(counted.units)} units and ${format(counted.metrics)} metric values in ${(insertMs / 1000).toFixed(1)} s.\n`,
    );

    await db.execute(sql`analyze executions`);
    await db.execute(sql`analyze execution_metrics`);
    console.log('After ANALYZE (bulk-loaded, not judged):');
    // Straight after a bulk load the visibility map is empty (a heap visit per index entry): shown,
    // not judged; autovacuum keeps a live table near the vacuumed state below.
    await measure(db, ids.experimentId, 'experimentTimeline, binary, by day', 'day');
    const worst: number[] = [];
    // Autovacuum would get there on its own; the visibility map lets index-only scans skip the heap.
    await db.execute(sql`vacuum analyze executions`);
    await db.execute(sql`vacuum analyze execution_metrics`);
    console.log('After VACUUM ANALYZE:');
    worst.push(await measure(db, ids.experimentId, 'experimentTimeline, binary, by day', 'day'));
    worst.push(await measure(db, ids.experimentId, 'experimentTimeline, binary, by hour', 'hour'));
    worst.push(await measure(db, ids.experimentId, 'experimentTimeline, continuous, by day', 'day', { name: 'latency_ms', type: 'continuous' }));
    const [timeline, whole] = await timed(() => experimentTimelineFor(KEY));
    console.log(`  experimentTimelineFor(key) once: ${ms(whole)} (${timeline.bucket} buckets, ${timeline.daily.length} daily points)`);

    console.log(`\nEXPLAIN ANALYZE of experimentTimeline (binary, by day):`);
    console.log(await explain(db, await statementOf((conn) => experimentTimeline(conn, ids!.experimentId, VARIANTS, METRIC, 'day'))));
    const p95 = Math.max(...worst);
    console.log(`\nGoal (timeline < ${format(GOAL_MS)} ms at ${format(EXECUTIONS)} executions / ${format(UNITS)} units, worst p95 ${ms(p95)}): ${p95 < GOAL_MS ? 'met' : 'NOT met'}`);
  } finally {
    if (handle && ids && flag('keep')) console.log(`Kept the rows of experiment ${ids.experimentId} (${KEY}).`);
    else if (handle && ids) {
      await handle.db.execute(sql`delete from execution_metrics where experiment_id = ${ids.experimentId}::uuid`);
      await handle.db.execute(sql`delete from executions where experiment_id = ${ids.experimentId}::uuid`);
    }
    useDatabase(undefined);
    await handle?.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
