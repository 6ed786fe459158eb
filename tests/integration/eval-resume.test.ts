// A server killed mid-run (SIGKILL: no clean-up of any kind) and a new one started on the same
// database: the run picks up where the results stop once the dead server's lease runs out, and
// every item is recorded exactly once, with one execution each and none left over.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, openPglite, useDatabase, type DatabaseHandle } from '@/db/client';
import { migrate } from '@/db/migrate';
import { rowsOf } from '@/db/queries/prompts';
import { createDataset } from '@/lib/datasets/datasets';
import { createEvalRun } from '@/lib/evals/runs';
import type { EvalRunView } from '@/lib/evals/schemas';
import { editor } from '../support/actors';
import { scratchPostgresDatabase } from '../support/db';
import { evalServerEnv, givenModelPrompt, withFakeOpenAI } from '../support/model-env';

const root = path.resolve(import.meta.dirname, '..', '..');
const fake = withFakeOpenAI();
const ITEMS = 60;
const CONCURRENCY = 4;
const LEASE_MS = 1_500;

/** The database both servers use: a data directory for the embedded one, or a new Postgres database. */
async function givenDatabase(): Promise<{ env: Record<string, string>; open: () => Promise<DatabaseHandle>; drop: () => Promise<void> }> {
  if (process.env.VERSO_TEST_DB !== 'postgres') {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'verso-eval-resume-'));
    return {
      env: { VERSO_DATA_DIR: dataDir, DATABASE_URL: '' },
      open: () => openPglite(dataDir),
      drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const scratch = await scratchPostgresDatabase(process.env.TEST_DATABASE_URL!);
  return {
    env: { DATABASE_URL: scratch.url },
    open: () => openDatabase({ url: scratch.url, dataDir: '' }),
    drop: scratch.drop,
  };
}

// The server's own start (lib/server/boot-server.ts: database, migrations, the eval worker) with a
// small HTTP endpoint beside it that shows a run, as the API would.
const SERVER = `
const http = require('node:http');
const { bootServer } = require(${JSON.stringify(path.join(root, 'lib/server/boot-server.ts'))});
const { getEvalRun } = require(${JSON.stringify(path.join(root, 'lib/evals/runs.ts'))});
bootServer().then(() => {
  const server = http.createServer((req, res) => {
    getEvalRun(req.url.slice(1)).then(
      (view) => res.end(JSON.stringify(view)),
      (error) => { res.statusCode = 500; res.end(String(error)); },
    );
  });
  server.listen(0, '127.0.0.1', () => console.log('listening ' + server.address().port));
});
`;

type Server = { child: ChildProcess; url: string; log: () => string };

async function startServer(env: Record<string, string>): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', SERVER], {
    cwd: root,
    env: {
      ...process.env,
      ...env,
      ...evalServerEnv(fake, LEASE_MS),
    },
  });
  let log = '';
  child.stderr!.on('data', (d) => (log += d));
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      log += d;
      const found = /listening (\d+)/.exec(log);
      if (found) resolve(found[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the server exited (${code}): ${log}`)));
  });
  return { child, url: `http://127.0.0.1:${port}`, log: () => log };
}

async function kill(server: Server) {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGKILL');
  await exited;
}

async function runOn(server: Server, id: string): Promise<EvalRunView> {
  const res = await fetch(`${server.url}/${id}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as EvalRunView;
}

async function until(check: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const servers: Server[] = [];
afterAll(async () => {
  for (const s of servers) await kill(s);
});

describe('a server killed mid-run', () => {
  it('is resumed by the next server: every item recorded exactly once, no orphan execution', { timeout: 180_000 }, async () => {
    const database = await givenDatabase();
    try {
      // The run is created before any server starts (an embedded database has one process at a time).
      let handle = await database.open();
      await migrate(handle);
      useDatabase(handle);
      const prompt = await givenModelPrompt('resume-me', { template: 'Echo {{ n }}', modelConfig: { provider: 'openai', model: 'gpt-4o-mini' } });
      const items = Array.from({ length: ITEMS }, (_, i) => ({ variables: { n: String(i + 1) }, expected: `echo: Echo ${i + 1}` }));
      await createDataset(editor, { name: 'resume-cases', items });
      const run = await createEvalRun(editor, { dataset: 'resume-cases', prompt, evaluators: [{ type: 'exact', name: 'exact' }], concurrency: CONCURRENCY });
      await handle.close();
      useDatabase(undefined);
      fake.setDefault({ delayMs: 50 });

      const first = await startServer(database.env);
      servers.push(first);
      await until(async () => (await runOn(first, run.id)).progress.done >= 10, 60_000);
      await kill(first);

      handle = await database.open();
      const [cut] = rowsOf<{ status: string; results: number }>(
        await handle.db.execute(sql`select status, (select count(*)::int from eval_results where run_id = ${run.id}) as results from eval_runs where id = ${run.id}`),
      );
      expect(cut!.status).toBe('running');
      expect(cut!.results).toBeGreaterThanOrEqual(10);
      expect(cut!.results).toBeLessThan(ITEMS);
      await handle.close();

      const second = await startServer(database.env);
      servers.push(second);
      await until(async () => (await runOn(second, run.id)).status === 'completed', 90_000);
      const finished = await runOn(second, run.id);
      expect(finished.progress).toEqual({ total: ITEMS, done: ITEMS, succeeded: ITEMS, failed: 0 });
      expect(finished.summary[0]).toEqual({ name: 'exact', n: ITEMS, mean: 1, passRate: 1 });
      await kill(second);

      handle = await database.open();
      const positions = rowsOf<{ position: number; n: number }>(
        await handle.db.execute(sql`select position, count(*)::int as n from eval_results where run_id = ${run.id} group by position order by position`),
      );
      expect(positions).toEqual(Array.from({ length: ITEMS }, (_, i) => ({ position: i + 1, n: 1 })));
      const [counts] = rowsOf<{ executions: number; linked: number; distinct_positions: number }>(
        await handle.db.execute(sql`
          select count(*)::int as executions,
                 count(*) filter (where exists (select 1 from eval_results r where r.run_id = ${run.id} and r.execution_id = e.id))::int as linked,
                 count(distinct (e.metadata ->> 'position'))::int as distinct_positions
            from executions e where e.source = 'eval' and e.metadata ->> 'evalRunId' = ${run.id}`),
      );
      // One execution per item, each the one its result names: nothing written by the killed items.
      expect(counts).toEqual({ executions: ITEMS, linked: ITEMS, distinct_positions: ITEMS });
      await handle.close();

      // Items in flight when the server died were asked again, and only those.
      const asked = fake.requests.filter((r) => r.path.endsWith('/chat/completions')).length;
      expect(asked).toBeGreaterThanOrEqual(ITEMS);
      expect(asked).toBeLessThanOrEqual(ITEMS + CONCURRENCY);
    } finally {
      for (const s of servers) await kill(s);
      await database.drop();
    }
  });
});
