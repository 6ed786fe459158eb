// The gateway's overhead: POST /api/v1/chat/completions with `model: "prompt:summarizer"`
// against calling the same fake upstream directly with the same rendered messages, at 50
// concurrent connections. The fake (an OpenAI-compatible server in this process) answers after
// a fixed delay, standing in for a model, so the difference is what Verso adds: auth, resolve,
// render, the execution row written before the call and its outcome after, the AI SDK client,
// cost, and, in the third run, the trace exported to an OTLP receiver (also in this process).
// `npm run bench:gateway [-- --duration 10 --connections 50 --delay 300 --postgres --profile]`
// Goal: under 5 ms added at p50.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon, { type Options, type Result } from 'autocannon';
import { startFakeOpenAI } from '../support/fake-openai';
import { startOtlpReceiver } from '../support/otlp-receiver';
import { ensureBuild, ROOT } from '../e2e/support/server';
import { summariseProfiles } from './cpu-profile';
import { benchServer, flag, format, freshPostgresDatabase, option, serverCpuSeconds } from './load';

const DIST_DIR = '.next-bench';
const DURATION_S = Number(option('duration', '10'));
const CONNECTIONS = Number(option('connections', '50'));
const DELAY_MS = Number(option('delay', '300'));
const GOAL_ADDED_P50_MS = 5;
const profile = flag('profile');
// The embedded database by default; --postgres puts the server on a fresh database of the local Postgres.
const postgres = flag('postgres');
const PROFILE_DIR = path.join(ROOT, 'tests', 'bench', '.profiles');

const variables = { text: 'Verso keeps prompts as immutable versions and moves labels to deploy them. '.repeat(4), audience: 'engineers' };
// What the summarizer's production version renders to with these variables (checked below).
const rendered = [{ role: 'user', content: `Summarise the text below in 3 bullet points of at most 20 words each, for engineers.\n\nText:\n"""\n${variables.text}\n"""` }];

type Row = { title: string; result: Result; cpuMsPerRequest?: number };

const line = (row: Row, base?: Result) => lineOf(row, row.result, base);
const lineOf = (row: Row, r: Result, base?: Result) =>
  `${row.title.padEnd(30)} ${format(r.requests.average).padStart(5)} req/s   p50 ${String(r.latency.p50).padStart(4)} ms   p99 ${String(r.latency.p99).padStart(4)} ms` +
  `${base ? `   added p50 ${(r.latency.p50 - base.latency.p50).toFixed(0).padStart(3)} ms, p99 ${(r.latency.p99 - base.latency.p99).toFixed(0).padStart(4)} ms` : ''}` +
  `   non-2xx ${r.non2xx}   errors ${r.errors + r.timeouts}` +
  (row.cpuMsPerRequest === undefined ? '' : `   server CPU ${row.cpuMsPerRequest.toFixed(2)} ms per request`);

async function run(title: string, options: Options, serverPid?: number): Promise<Row> {
  await autocannon({ ...options, duration: 3 });
  const cpuBefore = serverPid ? serverCpuSeconds(serverPid) : 0;
  const result = await autocannon({ ...options, duration: DURATION_S });
  const cpuMsPerRequest = serverPid ? ((serverCpuSeconds(serverPid) - cpuBefore) * 1000) / result.requests.total : undefined;
  return { title, result, cpuMsPerRequest };
}

async function throughGateway(title: string, env: Record<string, string>): Promise<Row> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'verso-bench-gateway-'));
  const database = postgres ? await freshPostgresDatabase('verso_bench_gateway') : undefined;
  const { headers, start } = benchServer({
    distDir: DIST_DIR,
    dataDir,
    databaseUrl: database?.url,
    logName: `bench-gateway`,
    env,
    ready: async (url, headers) => (await fetch(`${url}/api/v1/prompts/summarizer`, { headers })).status === 200,
  });
  // A profile should show serving, not the first start's migrations and demo data.
  if (profile) await (await start()).stop();
  const server = await start(profile ? ['--cpu-prof', `--cpu-prof-dir=${path.join(PROFILE_DIR, title.replace(/\W+/g, '-'))}`] : []);
  try {
    const request = { model: 'prompt:summarizer', variables, messages: [] };
    const check = await fetch(`${server.url}/api/v1/chat/completions`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(request) });
    if (!check.ok) throw new Error(`the gateway answered ${check.status}: ${await check.text()}`);
    return await run(title, {
      url: `${server.url}/api/v1/chat/completions`,
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(request),
      connections: CONNECTIONS,
    }, server.pid);
  } finally {
    await server.stop();
    await database?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  const buildSeconds = ensureBuild(DIST_DIR);
  fs.rmSync(PROFILE_DIR, { recursive: true, force: true });
  const fake = await startFakeOpenAI();
  fake.setDefault({ delayMs: DELAY_MS });
  const receiver = await startOtlpReceiver();
  console.log(`\nGateway benchmark: ${CONNECTIONS} connections, fake model answering after ${DELAY_MS} ms; next start + ${postgres ? 'Postgres' : 'PGlite'}, node ${process.version}, ${os.cpus().length} CPUs.`);
  console.log(`Build: ${buildSeconds > 0 ? `${buildSeconds.toFixed(1)} s` : 'up to date'}. ${DURATION_S} s per run after a 3 s warm-up. Load average ${os.loadavg()[0]!.toFixed(1)} at the start.\n`);
  try {
    const direct = await run('direct to the fake upstream', {
      url: `${fake.url}/chat/completions`,
      method: 'POST',
      headers: { authorization: 'Bearer bench', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: rendered }),
      connections: CONNECTIONS,
    });
    fake.reset();
    fake.setDefault({ delayMs: DELAY_MS });
    const providers = { OPENAI_API_KEY: 'bench', OPENAI_BASE_URL: fake.url };
    const untraced = await throughGateway('gateway, tracing off', providers);
    const sent = fake.requests.at(-1)?.body as { messages?: unknown } | undefined;
    if (JSON.stringify(sent?.messages) !== JSON.stringify(rendered)) throw new Error(`the gateway sent other messages than the direct run: ${JSON.stringify(sent?.messages)}`);
    fake.reset();
    fake.setDefault({ delayMs: DELAY_MS });
    const traced = await throughGateway('gateway, tracing to OTLP', { ...providers, PHOENIX_COLLECTOR_ENDPOINT: receiver.url });
    console.log(line(direct));
    console.log(line(untraced, direct.result));
    console.log(line(traced, direct.result));
    console.log(`${''.padEnd(30)} spans received by the OTLP receiver: ${format(receiver.spans.length)} (CHAIN ${format(receiver.spans.filter((s) => s.attributes['openinference.span.kind'] === 'CHAIN').length)})`);
    const added = Math.max(untraced.result.latency.p50, traced.result.latency.p50) - direct.result.latency.p50;
    if (profile) {
      for (const dir of fs.readdirSync(PROFILE_DIR)) console.log(`\nWhere the server's CPU went, ${dir}:\n${summariseProfiles(path.join(PROFILE_DIR, dir), 15)}`);
    }
    console.log(`\nGoal (under ${GOAL_ADDED_P50_MS} ms added at p50, with and without tracing): ${added < GOAL_ADDED_P50_MS ? 'met' : 'NOT met'} (${added.toFixed(0)} ms at worst).`);
  } finally {
    await fake.close();
    await receiver.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
