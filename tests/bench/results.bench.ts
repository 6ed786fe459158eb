// The results of an experiment with 1,000,000 executions from 100,000 units (10 each) and 2
// metrics per execution, on Postgres: the rows are inserted with SQL (generate_series), then
// experimentResults(key) — what GET /api/v1/experiments/{key}/results and the results page run,
// per unit — is timed, median of 5 after a warm-up, and its query is explained; so is the
// breakdown by one attribute (?segment=country).
// `npm run bench:results [-- --executions 1000000 --units 100000]`. Goal: results in under 1 s.
import os from 'node:os';
import { sql } from 'drizzle-orm';
import { openDatabase, useDatabase, type Conn, type DatabaseHandle } from '@/db/client';
import { migrate } from '@/db/migrate';
import { rowsOf } from '@/db/queries/prompts';
import { aggregateExperiment } from '@/db/queries/results';
import { experimentRecord } from '@/lib/experiments/experiments';
import { experimentResults } from '@/lib/experiments/results';
import { getVersion } from '@/lib/prompts/registry';
import { givenExperiment } from '../support/experiments';
import { givenPrompt } from '../support/prompts';
import { explain, format, freshPostgresDatabase, insertBenchMetrics, option, statementOf } from './load';

const EXECUTIONS = Number(option('executions', '1000000'));
const UNITS = Number(option('units', '100000'));
const GOAL_MS = 1_000;
const ROUNDS = 5;
const KEY = 'results-bench';
const PROMPT = 'bench/results';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await work();
  return [value, performance.now() - started];
}

async function setUp(): Promise<{ experimentId: string; promptId: string }> {
  await givenPrompt(PROMPT, { versions: 2 });
  await givenExperiment(
    KEY,
    PROMPT,
    { guardrailMetrics: [{ name: 'latency_ms', type: 'continuous', direction: 'decrease', tolerance: 0.1 }], minSampleSize: 10_000 },
    { start: true },
  );
  const { id } = await experimentRecord(KEY);
  return { experimentId: id, promptId: (await getVersion(PROMPT, { version: 1 })).prompt.id };
}

/**
 * Executions as the serving path writes them (time-ordered ids), each unit in one variant by
 * its number, with a country attribute; two metrics each, the unit copied as recordMetrics does.
 */
async function insertRows(db: Conn, { experimentId, promptId }: { experimentId: string; promptId: string }) {
  await db.execute(sql`
    insert into executions (id, prompt_id, prompt_name, version, experiment_id, variant, unit_id, attributes, status, variables, created_at)
    select (lpad(to_hex(1700000000000 + i), 12, '0') || '7000' || '8000' || lpad(to_hex(i), 12, '0'))::uuid,
           ${promptId}::uuid, ${PROMPT}, 1 + u % 2, ${experimentId}::uuid, case when u % 2 = 0 then 'control' else 'b' end,
           'unit-' || u, jsonb_build_object('country', (array['DE', 'FR', 'US', 'JP'])[1 + u % 4]), 'resolved', '{"name": "tea"}'::jsonb,
           now() - make_interval(secs => (${EXECUTIONS} - i) * 0.5)
      from generate_series(1, ${EXECUTIONS}::int) as i, lateral (select ((i::bigint * 7919) % ${UNITS}::int)::int as u) as unit`);
  await insertBenchMetrics(db, experimentId, { control: 0.01, b: 0.0105 });
}

async function measureResults(label: string): Promise<number> {
  await experimentResults(KEY);
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) times.push((await timed(() => experimentResults(KEY)))[1]);
  const segmented: number[] = [];
  for (let i = 0; i < 3; i++) segmented.push((await timed(() => experimentResults(KEY, { segment: 'country' })))[1]);
  console.log(
    `  ${label.padEnd(28)} experimentResults median ${median(times).toFixed(0).padStart(5)} ms (${times.map((t) => t.toFixed(0)).join(', ')}); ` +
      `with ?segment=country median ${median(segmented).toFixed(0)} ms`,
  );
  return median(times);
}

async function main() {
  const database = await freshPostgresDatabase('verso_bench_results');
  let handle: DatabaseHandle | undefined;
  try {
    handle = await openDatabase({ url: database.url, dataDir: '' });
    await migrate(handle);
    useDatabase(handle);
    const db = handle.db;
    const server = rowsOf<{ server_version: string }>(await db.execute(sql`show server_version`))[0]!.server_version;
    console.log(`\nResults benchmark: Postgres ${server}, node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg()[0]!.toFixed(1)}.`);
    const ids = await setUp();
    const [, insertMs] = await timed(() => insertRows(db, ids));
    const counted = rowsOf<{ executions: number; units: number; metrics: number }>(
      await db.execute(
        sql`select (select count(*)::int from executions) as executions, (select count(distinct unit_id)::int from executions) as units, (select count(*)::int from execution_metrics) as metrics`,
      ),
    )[0]!;
    console.log(`Inserted ${format(counted.executions)} executions from ${format(counted.units)} units and ${format(counted.metrics)} metric values in ${seconds(insertMs)}.\n`);

    await db.execute(sql`analyze executions`);
    await db.execute(sql`analyze execution_metrics`);
    // Straight after a bulk load the visibility map is empty: every index entry costs a heap visit.
    // Shown for comparison; autovacuum (insert-triggered since Postgres 13) keeps a live table near
    // the vacuumed state, which is what the goal is judged on.
    await measureResults('after ANALYZE (bulk-loaded):');
    // Autovacuum would get there on its own; the visibility map lets index-only scans skip the heap.
    await db.execute(sql`vacuum analyze executions`);
    await db.execute(sql`vacuum analyze execution_metrics`);
    const vacuumed = await measureResults('after VACUUM ANALYZE:');

    const results = await experimentResults(KEY);
    console.log(`\n  ${results.recommendation.text}`);
    const metrics = [results.experiment.primaryMetric, ...results.experiment.guardrailMetrics];
    console.log(`\nEXPLAIN ANALYZE of the results query (aggregateExperiment):`);
    console.log(await explain(db, await statementOf((conn) => aggregateExperiment(conn, ids.experimentId, results.experiment.variants.map((v) => v.key), metrics))));
    console.log(`\nGoal (results < ${format(GOAL_MS)} ms at ${format(EXECUTIONS)} executions / ${format(UNITS)} units, vacuumed): ${vacuumed < GOAL_MS ? 'met' : 'NOT met'}`);
  } finally {
    useDatabase(undefined);
    await handle?.close();
    await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
