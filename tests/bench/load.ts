// What the HTTP benchmarks share: the goals, a production server (`next start`, as `npm start`
// runs it) with an API key on a database of its own, a fresh Postgres database, and one line
// per autocannon run.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import autocannon, { type Options, type Result } from 'autocannon';
import postgres from 'postgres';
import { sql, type SQL } from 'drizzle-orm';
import type { Conn } from '@/db/client';
import { rowsOf } from '@/db/queries/prompts';
import { demoExperiments } from '@/db/seed';
import { ROOT, startServer, type RunningServer } from '../e2e/support/server';

// The demo's running experiment (control = production, v2, against v3) and a resolve of its
// prompt with every variable, as the resolve and hot-path benchmarks send it.
const runningDemo = demoExperiments.find((e) => !e.winner)!;
export const demoResolve = {
  experiment: runningDemo,
  resolvePath: `/api/v1/prompts/${encodeURIComponent(runningDemo.prompt)}/resolve`,
  variables: {
    company: 'Acme',
    customer_name: 'Ana',
    ticket_id: '48213',
    ticket: 'I was charged twice for my subscription this month.',
    orders: [{ id: 'A-1001', status: 'shipped' }],
  },
};

export const GOAL_RPS = 1_000;
export const GOAL_P99_MS = 50;

export const format = (n: number) => Math.round(n).toLocaleString('en-US');

/** `--name value` from the command line, else the fallback. */
export function option(name: string, fallback: string): string {
  const argv = process.argv.slice(2);
  const at = argv.indexOf(`--${name}`);
  return at >= 0 && argv[at + 1] !== undefined ? argv[at + 1]! : fallback;
}

export const flag = (name: string) => process.argv.slice(2).includes(`--${name}`);

const CLOCK_TICKS = 100;

/**
 * CPU seconds used so far by the server's process group (Linux /proc): requests per CPU-second
 * says what one core of the server can do, however busy the rest of the machine is.
 */
export function serverCpuSeconds(pgid: number): number {
  let ticks = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // After the command: state, ppid, pgrp, … utime is field 14 and stime 15 of the whole line.
      if (Number(fields[2]) === pgid) ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The process ended while we looked.
    }
  }
  return ticks / CLOCK_TICKS;
}

export type Measured = { met: boolean; result: Result; cpuSeconds: number };

/** One autocannon run and one line: rate, latency, failures and the server's CPU; `met` when the goals are. */
export async function measure(title: string, pgid: number, options: Options, expectStatus = 200): Promise<Measured> {
  const cpuBefore = serverCpuSeconds(pgid);
  const r = await autocannon(options);
  const cpu = serverCpuSeconds(pgid) - cpuBefore;
  const completed = r.requests.total;
  const met = r.requests.average >= GOAL_RPS && r.latency.p99 < GOAL_P99_MS && r.non2xx === 0 && r.errors === 0;
  const unexpected = expectStatus === 200 ? r.non2xx : completed - (r.statusCodeStats[String(expectStatus)]?.count ?? 0);
  console.log(
    `${title.padEnd(34)} ${format(r.requests.average).padStart(6)} req/s   p50 ${String(r.latency.p50).padStart(4)} ms   p99 ${String(r.latency.p99).padStart(4)} ms   ` +
      `${expectStatus === 200 ? 'non-2xx' : `not ${expectStatus}`} ${unexpected}   errors ${r.errors + r.timeouts}   server CPU ${cpu.toFixed(1)} s = ${format(completed / cpu)} req per CPU-second`,
  );
  return { met, result: r, cpuSeconds: cpu };
}

export type BenchServerOptions = {
  distDir: string;
  /** The embedded database's directory (also used when `databaseUrl` is set, for the auth secret). */
  dataDir: string;
  /** Postgres instead of the embedded database. */
  databaseUrl?: string;
  /** Answers true once the app is ready for the benchmark, given the API key's headers. */
  ready: (url: string, headers: Record<string, string>) => Promise<boolean>;
  logName: string;
  /** More environment for the server (provider keys, tracing). */
  env?: Record<string, string>;
};

/** A production server with the demo data and an admin API key; `start` may be called again on the same data. */
export function benchServer(options: BenchServerOptions) {
  const apiKey = `vrs_bench_${crypto.randomBytes(24).toString('base64url')}`;
  const headers = { authorization: `Bearer ${apiKey}` };
  const authSecret = crypto.randomBytes(32).toString('base64url');
  const start = (nodeArgs: string[] = []): Promise<RunningServer> =>
    startServer({
      distDir: options.distDir,
      dataDir: options.dataDir,
      logFile: path.join(ROOT, 'tests', 'e2e', '.tmp', `${options.logName}.log`),
      env: {
        VERSO_INIT_API_KEY: apiKey,
        VERSO_SEED_DEMO: '1',
        ADMIN_EMAIL: 'admin@example.com',
        ADMIN_PASSWORD: 'bench-password',
        AUTH_SECRET: authSecret,
        ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
        ...options.env,
      },
      nodeArgs,
      ready: (url) => options.ready(url, headers),
    });
  return { apiKey, headers, start };
}

export const POSTGRES_SERVER = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A new, empty database on the benchmark's Postgres server, and a way to drop it. */
export async function freshPostgresDatabase(prefix: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${crypto.randomBytes(4).toString('hex')}`;
  const admin = postgres(POSTGRES_SERVER, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(POSTGRES_SERVER);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** The statement a query function sends, captured instead of run. */
export async function statementOf(query: (conn: Conn) => Promise<unknown>): Promise<SQL> {
  let captured: SQL | undefined;
  const capture = { execute: async (statement: SQL) => ((captured = statement), []) } as unknown as Conn;
  await query(capture);
  return captured!;
}

export async function explain(db: Conn, statement: SQL): Promise<string> {
  const plan = rowsOf<{ 'QUERY PLAN': string }>(await db.execute(sql`explain (analyze, buffers) ${statement}`));
  return plan.map((row) => `    ${row['QUERY PLAN']}`).join('\n');
}

/**
 * Two metrics on every execution of the experiment, the unit copied as recordMetrics does: a
 * conversion at each variant's rate, and a latency around 800 ms (780 for b).
 */
export async function insertBenchMetrics(db: Conn, experimentId: string, rates: { control: number; b: number }) {
  await db.execute(sql`
    insert into execution_metrics (execution_id, name, value, experiment_id, variant, unit_id)
    select id, 'conversion', (random() < case when variant = 'b' then ${rates.b}::float8 else ${rates.control}::float8 end)::int, experiment_id, variant, unit_id
      from executions where experiment_id = ${experimentId}::uuid
    union all
    select id, 'latency_ms', round((case when variant = 'b' then 780 else 800 end + 200 * (random() + random() + random() - 1.5))::numeric, 1),
           experiment_id, variant, unit_id
      from executions where experiment_id = ${experimentId}::uuid`);
}
