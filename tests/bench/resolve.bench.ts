// POST /api/v1/prompts/{name}/resolve under load while an experiment runs on the prompt: the
// production server (`next start`) on the embedded database and on Postgres, autocannon in
// this process, a new unit for every request (so every request is assigned and recorded).
// Then the rows: the experiment's executions written during the run, counted through the
// results API, must equal the 2xx answers — none lost, none written for a failed answer.
// `npm run bench:resolve [-- --duration 10 --connections 50 --only pglite|postgres --profile]`
// Goal: at least 1,000 requests/s with p99 under 50 ms on this 2-core machine.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon, { type Options } from 'autocannon';
import { ensureBuild, ROOT } from '../e2e/support/server';
import { summariseProfiles } from './cpu-profile';
import { benchServer, demoResolve, flag, format, freshPostgresDatabase, GOAL_P99_MS, GOAL_RPS, measure, option } from './load';

// A build of its own, so that a benchmark never rebuilds under a running end-to-end test.
const DIST_DIR = '.next-bench';
const DURATION_S = Number(option('duration', '10'));
const CONNECTIONS = Number(option('connections', '50'));
const WARM_UP_S = 5;
const only = option('only', '');
const profile = flag('profile');

const { experiment, resolvePath, variables } = demoResolve;

/** The experiment's executions so far, as the results API counts them (every variant's). */
async function executionsOf(url: string, headers: Record<string, string>): Promise<number> {
  const response = await fetch(`${url}/api/v1/experiments/${experiment.key}/results`, { headers });
  if (!response.ok) throw new Error(`results answered ${response.status}: ${await response.text()}`);
  const results = (await response.json()) as { variants: { executions: number }[] };
  return results.variants.reduce((sum, v) => sum + v.executions, 0);
}

type Target = { name: 'PGlite' | 'Postgres'; databaseUrl?: string };

async function bench(target: Target, profileDir: string): Promise<boolean> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'verso-bench-resolve-'));
  const { headers, start } = benchServer({
    distDir: DIST_DIR,
    dataDir,
    databaseUrl: target.databaseUrl,
    logName: `bench-resolve-${target.name.toLowerCase()}`,
    ready: async (url, headers) => (await fetch(`${url}/api/v1/experiments/${experiment.key}`, { headers })).status === 200,
  });
  const started = Date.now();
  let server = await start();
  const firstStart = (Date.now() - started) / 1000;
  const seeded = /Seeded demo [^\n]* in ([\d.]+) s/.exec(server.output())?.[1];
  if (profile) {
    // The profile should show serving, not the first start's migrations and demo data.
    await server.stop();
    server = await start(['--cpu-prof', `--cpu-prof-dir=${profileDir}`]);
  }
  try {
    console.log(`\n${target.name}: first start (migrations, demo data${seeded ? `: seeded in ${seeded} s` : ''}) ready in ${firstStart.toFixed(1)} s.`);
    let unit = 0;
    const load = (extra: Partial<Options>): Options => ({
      url: server.url,
      connections: CONNECTIONS,
      requests: [
        {
          method: 'POST',
          path: resolvePath,
          headers: { ...headers, 'content-type': 'application/json' },
          // A unit never seen before on every request: each one is assigned and recorded.
          setupRequest: (request) => ({ ...request, body: JSON.stringify({ unitId: `bench-${++unit}`, variables }) }),
        },
      ],
      ...extra,
    });
    const warmUp = await autocannon(load({ duration: WARM_UP_S }));
    const before = await executionsOf(server.url, headers);
    // A fixed number of requests (about DURATION_S at the warm-up's rate) rather than a fixed
    // time: autocannon then waits for every answer, so rows and answers can be compared exactly.
    const amount = Math.max(1_000, Math.round(warmUp.requests.average * DURATION_S));
    const { met, result } = await measure(`resolve + record, ${CONNECTIONS} conn.`, server.pid, load({ amount }));
    const written = (await executionsOf(server.url, headers)) - before;
    const answered = result['2xx'];
    const noneLost = written === answered;
    console.log(
      `${''.padEnd(34)} ${format(result.requests.total)} requests in ${(result.duration).toFixed(1)} s; rows written ${format(written)}, 2xx answered ${format(answered)}: ` +
        `${noneLost ? 'zero lost rows' : `MISMATCH (${format(written - answered)})`}`,
    );
    console.log(`${''.padEnd(34)} goal (≥ ${format(GOAL_RPS)} req/s, p99 < ${GOAL_P99_MS} ms, no errors, zero lost rows): ${met && noneLost ? 'met' : 'NOT met'}`);
    // For comparison, on the same server: an authenticated read of the same prompt (Next.js, the
    // route wrapper, the API-key lookup, a cached version: no assignment, render or insert), and
    // the same read without a key (Next.js and the wrapper alone, no database at all).
    const prompt = `${server.url}/api/v1/prompts/${encodeURIComponent(experiment.prompt)}`;
    await measure(`reference: GET the prompt`, server.pid, { url: prompt, headers, connections: CONNECTIONS, duration: DURATION_S });
    await measure(`reference: GET without a key (401)`, server.pid, { url: prompt, connections: CONNECTIONS, duration: DURATION_S }, 401);
    return met && noneLost;
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  const buildSeconds = ensureBuild(DIST_DIR);
  const profileDir = path.join(ROOT, 'tests', 'bench', '.profiles');
  fs.rmSync(profileDir, { recursive: true, force: true });
  console.log(`\nResolve benchmark: POST ${resolvePath} with experiment ${experiment.key} running; next start, node ${process.version}, ${os.cpus().length} CPUs.`);
  console.log(`Build: ${buildSeconds > 0 ? `${buildSeconds.toFixed(1)} s` : 'up to date'}. Load from autocannon in this process: ${WARM_UP_S} s warm-up, then about ${DURATION_S} s.`);
  console.log(`Load average ${os.loadavg()[0]!.toFixed(1)} at the start.`);
  let allMet = true;
  if (only !== 'postgres') allMet = (await bench({ name: 'PGlite' }, profileDir)) && allMet;
  if (only !== 'pglite') {
    const database = await freshPostgresDatabase('verso_bench');
    try {
      allMet = (await bench({ name: 'Postgres', databaseUrl: database.url }, profileDir)) && allMet;
    } finally {
      await database.drop();
    }
  }
  console.log(`\nGoal met on every database: ${allMet ? 'yes' : 'NO'}`);
  if (profile) console.log(`\n${summariseProfiles(profileDir)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
