// The gateway's overhead: POST /api/v1/chat/completions with `model: "prompt:summarizer"`
// against calling the same fake upstream directly with the same rendered messages, at 50
// concurrent connections. The fake (an OpenAI-compatible server in this process) answers after
// a fixed delay, standing in for a model, so the difference is what Verso adds: auth, resolve,
// render, the execution row written before the call and its outcome after, the AI SDK client,
// cost, and, in the third run, the trace exported to an OTLP receiver (also in this process).
// `npm run bench:gateway [-- --duration 10 --connections 50 --delay 300]`
// Goal: under 5 ms added at p50.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon, { type Options, type Result } from 'autocannon';
import { startFakeOpenAI } from '../support/fake-openai';
import { startOtlpReceiver } from '../support/otlp-receiver';
import { ensureBuild } from '../e2e/support/server';
import { benchServer, format, option } from './load';

const DIST_DIR = '.next-bench';
const DURATION_S = Number(option('duration', '10'));
const CONNECTIONS = Number(option('connections', '50'));
const DELAY_MS = Number(option('delay', '300'));
const GOAL_ADDED_P50_MS = 5;

const variables = { text: 'Verso keeps prompts as immutable versions and moves labels to deploy them. '.repeat(4), audience: 'engineers' };
// What the summarizer's production version renders to with these variables (checked below).
const rendered = [{ role: 'user', content: `Summarise the following text:\n\n${variables.text}` }];

type Row = { title: string; result: Result };

const line = ({ title, result: r }: Row, base?: Result) =>
  `${title.padEnd(30)} ${format(r.requests.average).padStart(5)} req/s   p50 ${String(r.latency.p50).padStart(4)} ms   p99 ${String(r.latency.p99).padStart(4)} ms` +
  `${base ? `   added p50 ${(r.latency.p50 - base.latency.p50).toFixed(0).padStart(3)} ms, p99 ${(r.latency.p99 - base.latency.p99).toFixed(0).padStart(4)} ms` : ''}` +
  `   non-2xx ${r.non2xx}   errors ${r.errors + r.timeouts}`;

async function run(title: string, options: Options): Promise<Row> {
  await autocannon({ ...options, duration: 3 });
  return { title, result: await autocannon({ ...options, duration: DURATION_S }) };
}

async function throughGateway(title: string, env: Record<string, string>): Promise<Row> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'verso-bench-gateway-'));
  const { headers, start } = benchServer({
    distDir: DIST_DIR,
    dataDir,
    logName: `bench-gateway`,
    env,
    ready: async (url, headers) => (await fetch(`${url}/api/v1/prompts/summarizer`, { headers })).status === 200,
  });
  const server = await start();
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
    });
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  const buildSeconds = ensureBuild(DIST_DIR);
  const fake = await startFakeOpenAI();
  fake.setDefault({ delayMs: DELAY_MS });
  const receiver = await startOtlpReceiver();
  console.log(`\nGateway benchmark: ${CONNECTIONS} connections, fake model answering after ${DELAY_MS} ms; next start + PGlite, node ${process.version}, ${os.cpus().length} CPUs.`);
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
