// An offline eval run of 1,000 items at concurrency 32 against a fake model that answers after
// 20 ms, scored by exact + contains + levenshtein, worked in this process as the server's worker
// (or the CLI) works it: render, model call through the AI SDK over real HTTP, scoring, and one
// transaction per item (result, execution, metrics). Prints the wall time, items per second and
// Verso's own time per item: the item's wall time minus the model's 20 ms, and how much of it is
// the item's transaction. On a fresh embedded database (in a temporary directory) by default;
// on a fresh database of the Postgres server in DATABASE_URL when it is set (or of the local
// server with --postgres).
// `npm run bench:eval [-- --items 1000 --concurrency 32 --delay 20 --postgres]`. Goal: under 30 s.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { openDatabase, useDatabase, type DatabaseHandle } from '@/db/client';
import { migrate } from '@/db/migrate';
import { rowsOf } from '@/db/queries/prompts';
import { systemActor } from '@/lib/auth/roles';
import { createDataset } from '@/lib/datasets/datasets';
import { resetEnvForTests } from '@/lib/env';
import type { ItemOutcome } from '@/lib/evals/item-run';
import { createEvalRun } from '@/lib/evals/runs';
import { workEvalRun } from '@/lib/evals/worker';
import { createPrompt } from '@/lib/prompts/registry';
import { newPromptInput } from '@/lib/prompts/schemas';
import { startFakeOpenAI } from '../support/fake-openai';
import { flag, format, option, POSTGRES_SERVER } from './load';

const ITEMS = Number(option('items', '1000'));
const CONCURRENCY = Number(option('concurrency', '32'));
const DELAY_MS = Number(option('delay', '20'));
const GOAL_S = 30;

const postgresServer = process.env.DATABASE_URL || (flag('postgres') ? POSTGRES_SERVER : undefined);

async function freshDatabase(): Promise<{ handle: DatabaseHandle; where: string; drop: () => Promise<void> }> {
  if (!postgresServer) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'verso-bench-eval-'));
    const handle = await openDatabase({ dataDir });
    return { handle, where: `embedded (PGlite) in ${dataDir}`, drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  }
  const name = `verso_bench_eval_${crypto.randomBytes(4).toString('hex')}`;
  const admin = postgres(postgresServer, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(postgresServer);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString(), dataDir: '' });
  return {
    handle,
    where: `Postgres (${url.host}/${name})`,
    drop: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
const ms = (n: number) => `${n.toFixed(1)} ms`;

async function main() {
  const fake = await startFakeOpenAI();
  fake.setDefault({ delayMs: DELAY_MS });
  Object.assign(process.env, { OPENAI_API_KEY: 'sk-bench', OPENAI_BASE_URL: fake.url, VERSO_SEED_DEMO: '0' });
  resetEnvForTests();
  const database = await freshDatabase();
  try {
    await migrate(database.handle);
    useDatabase(database.handle);
    await createPrompt(
      systemActor,
      newPromptInput.parse({
        name: 'bench/eval',
        template: 'Answer the customer in one sentence.\nQuestion: {{ question }}',
        modelConfig: { provider: 'openai', model: 'gpt-4o-mini' },
        labels: ['production'],
      }),
    );
    // The fake echoes the last user message: two thirds of the items expect exactly that.
    const items = Array.from({ length: ITEMS }, (_, i) => {
      const question = `Where is order ${i + 1}?`;
      const echo = `echo: Answer the customer in one sentence.\nQuestion: ${question}`;
      return { variables: { question }, expected: i % 3 === 2 ? `Order ${i + 1} is on its way.` : echo };
    });
    await createDataset(systemActor, { name: 'bench-eval', items });
    const run = await createEvalRun(
      systemActor,
      {
        dataset: 'bench-eval',
        prompt: 'bench/eval',
        evaluators: [
          { type: 'exact', name: 'exact' },
          { type: 'contains', name: 'mentions_order', value: 'order' },
          { type: 'levenshtein', name: 'similarity', threshold: 0.8 },
        ],
        concurrency: CONCURRENCY,
      },
      { leaseOwner: 'bench' },
    );

    console.log(`Eval run: ${format(ITEMS)} items, concurrency ${CONCURRENCY}, model answering after ${DELAY_MS} ms, on ${database.where}.`);
    const outcomes: ItemOutcome[] = [];
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const view = await workEvalRun(run.id, { owner: 'bench', onItem: (o) => outcomes.push(o) });
    const wallMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuMsPerItem = (cpu.user + cpu.system) / 1000 / ITEMS;

    const [stored] = rowsOf<{ results: number; executions: number; metrics: number }>(
      await database.handle.db.execute(sql`
        select (select count(*)::int from eval_results where run_id = ${run.id}) as results,
               (select count(*)::int from executions where source = 'eval') as executions,
               (select count(*)::int from execution_metrics) as metrics`),
    );
    if (view.status !== 'completed' || stored!.results !== ITEMS || stored!.executions !== ITEMS) {
      throw new Error(`The run did not complete as it should: ${view.status}, ${JSON.stringify(stored)}`);
    }
    const total = outcomes.map((o) => o.timing.totalMs);
    const model = outcomes.map((o) => o.timing.modelMs);
    const tx = outcomes.map((o) => o.timing.transactionMs);
    const overhead = mean(total) - DELAY_MS;
    const ideal = (ITEMS / CONCURRENCY) * DELAY_MS;

    console.log(`Wall time ${(wallMs / 1000).toFixed(2)} s = ${format(ITEMS / (wallMs / 1000))} items/s (the model alone: ${(ideal / 1000).toFixed(2)} s at this concurrency)`);
    console.log(`Recorded ${format(stored!.results)} results, ${format(stored!.executions)} executions, ${format(stored!.metrics)} metric values; ${view.progress.succeeded} succeeded, summary ${view.summary.map((s) => `${s.name} ${s.mean?.toFixed(3)}`).join(', ')}`);
    console.log(`Per item: wall ${ms(mean(total))} mean, ${ms(percentile(total, 0.5))} p50, ${ms(percentile(total, 0.99))} p99`);
    console.log(`  model call ${ms(mean(model))} mean (${DELAY_MS} ms at the fake; the rest is HTTP, the AI SDK, and waiting for this thread, busy with the other items${postgresServer ? '' : ' and the embedded database'})`);
    console.log(`  Verso's overhead (item wall − ${DELAY_MS} ms): ${ms(overhead)} mean, of which the item's transaction ${ms(mean(tx))} (${((mean(tx) / overhead) * 100).toFixed(0)}%)`);
    console.log(`  CPU of this process per item: ${ms(cpuMsPerItem)} (the fake model included${postgresServer ? '' : ', and the embedded database, which runs on this thread'})`);
    console.log(`\nGoal (${format(ITEMS)} items in < ${GOAL_S} s): ${wallMs / 1000 < GOAL_S ? 'met' : 'NOT met'}`);
  } finally {
    useDatabase(undefined);
    await database.handle.close();
    await database.drop();
    await fake.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
