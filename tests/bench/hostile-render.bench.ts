// What a hostile template costs everyone else. While one render burns its whole budget (a chat
// prompt of 10 messages × 4 loops, or one `sort | uniq` of millions of items), a plain prompt is
// rendered every 10 ms, as other requests would be; their latency is the time from when they
// were due to when they were answered. Then renders/s of a plain and of a LiquidJS-only
// template (a `for` loop), 64 in flight, as the serving path awaits them.
// `npx tsx tests/bench/hostile-render.bench.ts`
import os from 'node:os';
import { compile, declareVariables, render, type PromptBody } from '@/lib/prompts/templates';

const PROBE_EVERY_MS = 10;
const THROUGHPUT_MS = 3_000;
const IN_FLIGHT = 64;

// About 0.5 s of LiquidJS per loop on this machine.
const burn = '{% for i in (1..1500000) %}{% endfor %}';
const hostile: { name: string; body: PromptBody }[] = [
  {
    name: 'chat, 10 messages × 4 loops of ~0.5 s',
    body: { type: 'chat', messages: Array.from({ length: 10 }, () => ({ role: 'user' as const, content: `${burn}x${burn}x${burn}x${burn}` })) },
  },
  { name: 'one filter call: (1..3000000) | sort | uniq', body: { type: 'text', template: '{{ (1..3000000) | sort | uniq | size }}' } },
];

const plain: PromptBody = { type: 'text', template: 'Hello {{ name | default: "there" }}, your ticket {{ ticket }} is {{ status | upcase }}.' };
const liquid: PromptBody = {
  type: 'text',
  template: 'Orders of {{ customer.name }}:\n{% for o in orders %}- {{ o.id }}: {{ o.status | capitalize }}\n{% endfor %}',
};
const plainValues = { name: 'Ada', ticket: '48213', status: 'open' };
const liquidValues = { customer: { name: 'Ada' }, orders: [{ id: 'A-1', status: 'shipped' }, { id: 'A-2', status: 'open' }] };

function prepared(body: PromptBody) {
  const compiled = compile(body);
  const declared = declareVariables(compiled).map((v) => ({ ...v, type: 'json' as const, required: false }));
  return (values: Record<string, unknown>) => render(compiled, declared, values);
}

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? NaN;
const ms = (n: number) => `${n.toFixed(1)} ms`;

async function underAttack(name: string, body: PromptBody) {
  const renderHostile = prepared(body);
  const renderPlain = prepared(plain);
  const latencies: number[] = [];
  let due = performance.now() + PROBE_EVERY_MS;
  let running = true;
  const probe = async () => {
    while (running) {
      await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
      await renderPlain(plainValues);
      latencies.push(performance.now() - due);
      due += PROBE_EVERY_MS;
    }
  };
  const probing = probe();
  // Let the probes start before the attack.
  await new Promise((r) => setTimeout(r, 50));
  const started = performance.now();
  let outcome: string;
  try {
    await renderHostile({});
    outcome = 'rendered';
  } catch (error) {
    outcome = `refused: ${(error as { code?: string }).code ?? ''} ${(error as Error).message}`;
  }
  const took = performance.now() - started;
  await new Promise((r) => setTimeout(r, 50));
  running = false;
  await probing;
  console.log(name);
  console.log(`  hostile render ${outcome.slice(0, 120)} after ${ms(took)}`);
  console.log(
    `  ${latencies.length} plain renders meanwhile, latency p50 ${ms(percentile(latencies, 0.5))}, p99 ${ms(percentile(latencies, 0.99))}, max ${ms(Math.max(...latencies))}\n`,
  );
}

async function throughput(name: string, body: PromptBody, values: Record<string, unknown>) {
  const run = prepared(body);
  await run(values);
  let count = 0;
  const until = performance.now() + THROUGHPUT_MS;
  const lane = async () => {
    while (performance.now() < until) {
      await run(values);
      count++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
  console.log(`${name}: ${Math.round(count / ((performance.now() - started) / 1000)).toLocaleString('en-US')} renders/s (${IN_FLIGHT} in flight)`);
}

async function main() {
  console.log(`Hostile render benchmark: node ${process.version}; load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} CPUs\n`);
  for (const h of hostile) await underAttack(h.name, h.body);
  await throughput('plain template (concatenation plan)', plain, plainValues);
  await throughput('LiquidJS template (for loop, property paths)', liquid, liquidValues);
  // The render pool's workers would keep the process alive.
  process.exit(0);
}

void main();
