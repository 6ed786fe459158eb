// GET /api/v1/prompts/{name} under load: the production server (`next start`, as `npm start`
// runs it) on the embedded database, measured with autocannon from this process.
// `npx tsx tests/bench/api.bench.ts [--profile] [--duration 10]`.
// Goal: at least 1,000 requests/s with p99 under 50 ms. --profile records the server's CPU
// profile and prints where the time went.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { E2E_DIST_DIR, ensureBuild, ROOT, startServer } from '../e2e/support/server';
import { summariseProfiles } from './cpu-profile';

const GOAL_RPS = 1_000;
const GOAL_P99_MS = 50;
const argv = process.argv.slice(2);
const profile = argv.includes('--profile');
const durationArg = argv.indexOf('--duration');
const DURATION_S = durationArg >= 0 ? Number(argv[durationArg + 1]) : 10;
const CONNECTIONS = [1, 10, 50];
const PROMPT = 'summarizer';

const format = (n: number) => Math.round(n).toLocaleString('en-US');
const CLOCK_TICKS = 100;

/**
 * CPU seconds used so far by the server's process group (Linux /proc): requests per CPU-second
 * says what one core of the server can do, however busy the rest of the machine is.
 */
function serverCpuSeconds(pgid: number): number {
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

async function measure(title: string, pgid: number, options: Parameters<typeof autocannon>[0], expectStatus = 200): Promise<boolean> {
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
  return met;
}

async function main() {
  const buildSeconds = ensureBuild(E2E_DIST_DIR);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'verso-bench-'));
  const profileDir = path.join(ROOT, 'tests', 'bench', '.profiles');
  fs.rmSync(profileDir, { recursive: true, force: true });
  const apiKey = `vrs_bench_${crypto.randomBytes(24).toString('base64url')}`;
  const headers = { authorization: `Bearer ${apiKey}` };
  const authSecret = crypto.randomBytes(32).toString('base64url');
  const start = (nodeArgs: string[] = []) =>
    startServer({
      dataDir,
      logFile: path.join(ROOT, 'tests', 'e2e', '.tmp', 'bench-server.log'),
      env: {
        VERSO_INIT_API_KEY: apiKey,
        VERSO_SEED_DEMO: '1',
        ADMIN_EMAIL: 'admin@example.com',
        ADMIN_PASSWORD: 'bench-password',
        AUTH_SECRET: authSecret,
      },
      nodeArgs,
      ready: async (url) => (await fetch(`${url}/api/v1/prompts/${PROMPT}`, { headers })).status === 200,
    });
  // A profile should show serving, not the first start's initdb, migrations and demo data:
  // those run once in a server of their own first.
  if (profile) await (await start()).stop();
  const server = await start(profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []);
  let allMet = true;
  try {
    const url = `${server.url}/api/v1/prompts/${PROMPT}`;
    console.log(`\nAPI benchmark: GET /api/v1/prompts/${PROMPT} (production label) on next start + PGlite, node ${process.version}, ${os.cpus().length} CPUs`);
    console.log(`Build: ${buildSeconds > 0 ? `${buildSeconds.toFixed(1)} s` : 'up to date'}. Load from autocannon in this process; ${DURATION_S} s per run after a 5 s warm-up.`);
    console.log(`Load average ${os.loadavg()[0]!.toFixed(1)} at the start.\n`);
    await autocannon({ url, headers, connections: 10, duration: 5 });
    for (const connections of CONNECTIONS) {
      const met = await measure(`GET, ${connections} connection${connections > 1 ? 's' : ''}`, server.pid, { url, headers, connections, duration: DURATION_S });
      allMet = met && allMet;
    }
    await measure('POST …/render, 10 connections', server.pid, {
      url: `${url}/render`,
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ variables: { text: 'Verso keeps every version of a prompt.', audience: 'engineers' } }),
      connections: 10,
      duration: DURATION_S,
    });
    // The same route without a key: Next.js and the route wrapper alone, no database. The
    // difference to the row above is what the API-key lookup costs.
    await measure('GET without a key (401), 10 conn.', server.pid, { url, connections: 10, duration: DURATION_S }, 401);
    console.log(`\nGoal for GET (≥ ${format(GOAL_RPS)} req/s, p99 < ${GOAL_P99_MS} ms, no errors) at every connection count: ${allMet ? 'met' : 'NOT met'}`);
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  if (profile) console.log(`\n${summariseProfiles(profileDir)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
