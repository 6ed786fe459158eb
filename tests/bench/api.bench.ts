// GET /api/v1/prompts/{name} under load: the production server (`next start`, as `npm start`
// runs it) on the embedded database, measured with autocannon from this process.
// `npx tsx tests/bench/api.bench.ts [--profile] [--duration 10]`.
// Goal: at least 1,000 requests/s with p99 under 50 ms. --profile records the server's CPU
// profile and prints where the time went.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { E2E_DIST_DIR, ensureBuild, ROOT } from '../e2e/support/server';
import { summariseProfiles } from './cpu-profile';
import { benchServer, flag, format, GOAL_P99_MS, GOAL_RPS, measure, option } from './load';

const profile = flag('profile');
const DURATION_S = Number(option('duration', '10'));
const CONNECTIONS = [1, 10, 50];
const PROMPT = 'summarizer';

async function main() {
  const buildSeconds = ensureBuild(E2E_DIST_DIR);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'verso-bench-'));
  const profileDir = path.join(ROOT, 'tests', 'bench', '.profiles');
  fs.rmSync(profileDir, { recursive: true, force: true });
  const { headers, start } = benchServer({
    distDir: E2E_DIST_DIR,
    dataDir,
    logName: 'bench-server',
    ready: async (url, headers) => (await fetch(`${url}/api/v1/prompts/${PROMPT}`, { headers })).status === 200,
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
      const { met } = await measure(`GET, ${connections} connection${connections > 1 ? 's' : ''}`, server.pid, { url, headers, connections, duration: DURATION_S });
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
