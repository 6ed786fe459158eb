// The hot routes under load on Postgres (issue 11): POST …/resolve (experiment running, a new
// unit each time), POST /api/v1/events (batches of 10 and of 50 executions) and POST /api/v1/metrics
// (batches of 10), each against the production server through Next.js (VERSO_FAST_ROUTES=0),
// through the fast path, the fast path with VERSO_WORKERS=2, and a bare node:http baseline
// doing the same work (tests/bench/hot-path-baseline.ts); the ratio to the baseline printed.
// `npm run bench:hot-path [-- --duration 30 --connections 50 --at-goal-duration 15 --dist .next-bench]`
// Goal: ≥ 1,000 req/s with p99 < 50 ms on 2 cores.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon, { type Options, type RequestSpec } from 'autocannon';
import postgres from 'postgres';
import { ensureBuild, freePort, ROOT, type RunningServer } from '../e2e/support/server';
import { benchServer, demoResolve, format, freshPostgresDatabase, GOAL_P99_MS, GOAL_RPS, measure, option, type Measured } from './load';

// --dist another build directory, so a benchmark can run beside tests that use .next-bench.
const DIST_DIR = option('dist', '.next-bench');
const DURATION_S = Number(option('duration', '30'));
const CONNECTIONS = Number(option('connections', '50'));
const WARM_UP_S = 5;
// Then the goal's rate itself, paced: at saturation p99 is mostly the queue of 50 connections
// (connections ÷ rate), at 1,000 req/s it is what a request costs under that load.
const AT_GOAL_S = Number(option('at-goal-duration', '15'));
// An SDK flushes once a second: an instance with light traffic sends small batches, a busy one large ones.
const EVENT_BATCHES = [10, 50];
const METRICS_PER_BATCH = 10;

const { experiment, resolvePath, variables } = demoResolve;

type Route = { name: string; path: string; body: () => string };

function routes(executionIds: string[]): Route[] {
  let unit = 0;
  let metric = 0;
  return [
    { name: 'resolve', path: resolvePath, body: () => JSON.stringify({ unitId: `hot-${crypto.randomUUID()}-${++unit}`, variables }) },
    ...EVENT_BATCHES.map((size) => ({
      name: `events ×${size}`,
      path: '/api/v1/events',
      body: () =>
        JSON.stringify({
          executions: Array.from({ length: size }, () => ({ id: crypto.randomUUID(), prompt: 'summarizer', version: 1, variables: { text: 'A short text.' } })),
        }),
    })),
    {
      name: `metrics ×${METRICS_PER_BATCH}`,
      path: '/api/v1/metrics',
      // A new metric name per batch: every item is a write, none waits on another's row lock.
      body: () => {
        const name = `bench_${++metric}`;
        return JSON.stringify({ items: Array.from({ length: METRICS_PER_BATCH }, (_, i) => ({ executionId: executionIds[(metric * METRICS_PER_BATCH + i) % executionIds.length]!, name, value: i })) });
      },
    },
  ];
}

type Target = { name: string; url: string; pgid: number; headers: Record<string, string> };

async function load(target: Target, route: Route): Promise<{ saturated: Measured; atGoal: Measured }> {
  const options = (duration: number): Options => ({
    url: target.url,
    connections: CONNECTIONS,
    duration,
    requests: [
      {
        method: 'POST',
        path: route.path,
        headers: { ...target.headers, 'content-type': 'application/json' },
        setupRequest: (request: RequestSpec) => ({ ...request, body: route.body() }),
      },
    ],
  });
  // One request first: a batch the server refuses (in part) would measure the wrong work.
  const probe = await fetch(`${target.url}${route.path}`, { method: 'POST', headers: { ...target.headers, 'content-type': 'application/json' }, body: route.body() });
  const answer = await probe.text();
  if (probe.status !== 200 || answer.includes('"rejected":[{')) throw new Error(`${route.name} on ${target.name} answered ${probe.status}: ${answer.slice(0, 300)}`);
  await autocannon(options(WARM_UP_S));
  const saturated = await measure(`${route.name}: ${target.name}`, target.pgid, options(DURATION_S));
  const atGoal = await measure(`${route.name}: ${target.name} @1,000`, target.pgid, { ...options(AT_GOAL_S), overallRate: GOAL_RPS });
  // Paced, the rate is the goal's whenever the server keeps up; a server that cannot falls short.
  const kept = atGoal.result.requests.total / AT_GOAL_S >= GOAL_RPS * 0.99;
  return { saturated, atGoal: { ...atGoal, met: kept && atGoal.result.latency.p99 < GOAL_P99_MS && atGoal.result.non2xx === 0 && atGoal.result.errors === 0 } };
}

/** The baseline process on the same database, in its own process group (for its CPU seconds). */
async function startBaseline(databaseUrl: string): Promise<{ url: string; pgid: number; stop: () => void }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'tests', 'bench', 'hot-path-baseline.ts')], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: databaseUrl, PORT: String(port) },
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('baseline ready') && resolve());
    child.once('exit', (code) => reject(new Error(`the baseline exited (${code})`)));
  });
  return { url: `http://127.0.0.1:${port}`, pgid: child.pid!, stop: () => process.kill(-child.pid!, 'SIGTERM') };
}

async function main() {
  const buildSeconds = ensureBuild(DIST_DIR);
  console.log(`\nHot-path benchmark on Postgres: ${CONNECTIONS} connections, ${WARM_UP_S} s warm-up then ${DURATION_S} s per case; node ${process.version}, ${os.cpus().length} CPUs.`);
  console.log(`Build: ${buildSeconds > 0 ? `${buildSeconds.toFixed(1)} s` : 'up to date'}. Load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} at the start.`);
  const database = await freshPostgresDatabase('verso_hot_path');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'verso-bench-hot-path-'));
  const results = new Map<string, Map<string, { saturated: Measured; atGoal: Measured }>>();
  try {
    const servers = (env: Record<string, string>, logName: string) =>
      benchServer({
        distDir: DIST_DIR,
        dataDir,
        databaseUrl: database.url,
        logName,
        env: { VERSO_EVAL_WORKER: '0', ...env },
        ready: async (url, headers) => (await fetch(`${url}/api/v1/experiments/${experiment.key}`, { headers })).status === 200,
      });
    // The first start migrates and seeds; each configuration then starts on the same database.
    const configurations: [string, Record<string, string>][] = [
      ['through Next.js', { VERSO_FAST_ROUTES: '0' }],
      ['fast path', { VERSO_FAST_ROUTES: '1' }],
      ['fast path, 2 workers', { VERSO_FAST_ROUTES: '1', VERSO_WORKERS: '2' }],
    ];
    const sql = postgres(database.url, { max: 1, onnotice: () => {} });
    let executionIds: string[] = [];
    for (const [name, env] of configurations) {
      const { headers, start } = servers(env, `bench-hot-path-${name.replace(/\W+/g, '-')}`);
      const server: RunningServer = await start();
      try {
        if (executionIds.length === 0) executionIds = (await sql<{ id: string }[]>`select id from executions limit 5000`).map((r) => r.id);
        for (const route of routes(executionIds)) {
          const measured = await load({ name, url: server.url, pgid: server.pid, headers }, route);
          results.set(route.name, (results.get(route.name) ?? new Map()).set(name, measured));
        }
      } finally {
        await server.stop();
      }
    }
    await sql.end();
    const baseline = await startBaseline(database.url);
    try {
      for (const route of routes(executionIds)) {
        const measured = await load({ name: 'node:http baseline', url: baseline.url, pgid: baseline.pgid, headers: {} }, route);
        results.get(route.name)!.set('node:http baseline', measured);
      }
    } finally {
      baseline.stop();
    }
  } finally {
    await database.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  console.log(`\nSummary at saturation (${CONNECTIONS} connections; req/s, p50/p99 ms, share of the baseline's rate):`);
  for (const [route, byTarget] of results) {
    const floor = byTarget.get('node:http baseline')!.saturated.result.requests.average;
    for (const [target, { saturated: { result } }] of byTarget) {
      console.log(
        `${`${route}: ${target}`.padEnd(40)} ${format(result.requests.average).padStart(6)} req/s  p50 ${String(result.latency.p50).padStart(3)}  p99 ${String(result.latency.p99).padStart(4)}  ` +
          `${((result.requests.average / floor) * 100).toFixed(0).padStart(3)} % of baseline`,
      );
    }
  }
  console.log(`\nAt the goal's rate, paced (${format(GOAL_RPS)} req/s offered; goal: kept, with p99 < ${GOAL_P99_MS} ms):`);
  for (const [route, byTarget] of results) {
    for (const [target, { atGoal }] of byTarget) {
      const { result, met } = atGoal;
      console.log(
        `${`${route}: ${target}`.padEnd(40)} ${format(result.requests.total / AT_GOAL_S).padStart(6)} req/s  p50 ${String(result.latency.p50).padStart(3)}  p99 ${String(result.latency.p99).padStart(4)}  ${met ? 'goal met' : 'goal NOT met'}`,
      );
    }
  }
  console.log(`Load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} at the end.`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
