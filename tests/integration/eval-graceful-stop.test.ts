// A rolling deploy stops Verso's server (SIGTERM to lib/server/serve.ts, run as `npm start` runs
// it) in the middle of an eval run. The items in flight finish and are recorded (each is a paid
// model call), the run is let go of, and the next server resumes it at once, not once the lease
// runs out, asking the model for no item twice. (tests/integration/eval-resume.test.ts is the
// crash: SIGKILL, the lease runs out, the items in flight are asked again.)
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { rowsOf } from '@/db/queries/prompts';
import { createApiKey } from '@/lib/auth/api-keys';
import { systemActor } from '@/lib/auth/roles';
import { createDataset } from '@/lib/datasets/datasets';
import { createEvalRun } from '@/lib/evals/runs';
import type { EvalRunView } from '@/lib/evals/schemas';
import { serveCommand } from '@/lib/server/serve-command';
import { freePort, ROOT, startServer, tail, type RunningServer } from '../e2e/support/server';
import { editor } from '../support/actors';
import { evalServerEnv, givenModelPrompt, withFakeOpenAI } from '../support/model-env';
import { BENCH_DIST_DIR, buildOnce, preparedDatabase, withDatabase, type PreparedDatabase } from '../support/next-build';

const fake = withFakeOpenAI();
const ITEMS = 60;
const CONCURRENCY = 4;
// Long, so that only a run let go of explains a resume within the test: renewed every third of
// it, the stopped server's lease would have held the run for at least two thirds of it.
const LEASE_MS = 90_000;
const RESUMED_WITHIN_MS = (LEASE_MS * 2) / 3 - 5_000;
// serve.ts's STOP_GRACE_MS, and a little for the process to end after it.
const STOP_GRACE_MS = 10_000;
const VIEWER_KEY = `vrs_test_viewer_${crypto.randomBytes(12).toString('hex')}`;
const DB = process.env.VERSO_TEST_DB ?? 'pglite';

let database: PreparedDatabase | undefined;
let runId = '';

beforeAll(async () => {
  await buildOnce();
  database = await preparedDatabase('eval-graceful-stop', async () => {
    const prompt = await givenModelPrompt('stop-me', { template: 'Echo {{ n }}', modelConfig: { provider: 'openai', model: 'gpt-4o-mini' } });
    const items = Array.from({ length: ITEMS }, (_, i) => ({ variables: { n: String(i + 1) }, expected: `echo: Echo ${i + 1}` }));
    await createDataset(editor, { name: 'stop-cases', items });
    runId = (await createEvalRun(editor, { dataset: 'stop-cases', prompt, evaluators: [{ type: 'exact', name: 'exact' }], concurrency: CONCURRENCY })).id;
    await createApiKey(systemActor, { name: 'viewer', role: 'viewer' }, VIEWER_KEY);
  });
}, 600_000);

const servers: { stop: () => Promise<void> }[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop();
  await database?.dispose();
});

function serverEnv(): Record<string, string> {
  return { ...database!.env, ...evalServerEnv(fake, LEASE_MS) };
}

/**
 * The first server, spawned here rather than by startServer (tests/e2e/support/server.ts) because
 * the test needs its exit code: the same command and environment.
 */
async function spawnServer() {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' };
  for (const name of ['DATABASE_URL', 'TEST_DATABASE_URL', 'VERSO_TEST_DB']) delete env[name];
  const { command, args } = serveCommand(ROOT);
  const child = spawn(command, args, {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...env,
      VERSO_NEXT_DIST_DIR: BENCH_DIST_DIR,
      PORT: String(port),
      VERSO_HOST: '127.0.0.1',
      VERSO_DATA_DIR: database!.dataDir,
      NEXTAUTH_URL: `http://127.0.0.1:${port}`,
      ...serverEnv(),
    },
  });
  let output = '';
  for (const stream of [child.stdout!, child.stderr!]) stream.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const kill = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // Already gone.
    }
  };
  servers.push({
    stop: async () => {
      kill();
      await exited;
    },
  });
  return { child, exited, output: () => output, kill };
}

const itemCalls = () => fake.requests.filter((r) => r.path.endsWith('/chat/completions'));
/** The dataset positions the model was asked about: the item's prompt is `Echo <position>`. */
const positionsAsked = () => itemCalls().map((r) => Number(/Echo (\d+)/.exec(JSON.stringify(r.body.messages))![1]));
const sorted = (ns: number[]) => [...ns].sort((a, b) => a - b);

async function until(check: () => boolean, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('an eval run when its server is stopped (SIGTERM)', () => {
  it('finishes the items in flight, lets the run go, and the next server completes it with no item asked twice', { timeout: 180_000 }, async () => {
    fake.setDefault({ delayMs: 250 });
    const first = await spawnServer();

    // Four lanes, each asking for its next item only once the last one is recorded: with 16 calls
    // seen, at least 12 results are in.
    let exitedEarly = false;
    void first.exited.then(() => (exitedEarly = true));
    await until(() => exitedEarly || itemCalls().length >= 16, 120_000, 'the first server to work the run');
    expect(exitedEarly, tail(first.output())).toBe(false);

    process.kill(first.child.pid!, 'SIGTERM');
    const askedAtStop = itemCalls().length;
    const timeout = new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), STOP_GRACE_MS + 5_000).unref());
    const code = await Promise.race([first.exited, timeout]);
    if (code === 'still running') first.kill();
    expect(code, tail(first.output())).toBe(143);
    const stoppedAt = Date.now();

    // Every item the model was asked about before the server stopped has its result: none of
    // those paid calls was thrown away. The run is still running, held by nobody.
    const asked = sorted(positionsAsked());
    const cut = await withDatabase(database!, async () => {
      const results = rowsOf<{ position: number }>(await getDb().execute(sql`select position from eval_results where run_id = ${runId} order by position`));
      const [run] = rowsOf<{ status: string; lease_owner: string | null; released: boolean }>(
        await getDb().execute(sql`select status, lease_owner, lease_expires_at <= now() as released from eval_runs where id = ${runId}`),
      );
      return { recorded: results.map((r) => r.position), run };
    });
    expect(cut.recorded).toEqual(asked);
    expect(cut.recorded.length).toBeGreaterThanOrEqual(askedAtStop);
    expect(cut.recorded.length).toBeLessThan(ITEMS);
    expect(cut.run).toEqual({ status: 'running', lease_owner: null, released: true });

    // The next server claims it at its first poll: well before the stopped server's lease would
    // have run out.
    let finished: EvalRunView | undefined;
    const second: RunningServer = await startServer({
      distDir: BENCH_DIST_DIR,
      dataDir: database!.dataDir,
      logFile: path.join(ROOT, 'tests', 'e2e', '.tmp', `eval-graceful-stop-${DB}.log`),
      env: serverEnv(),
      timeoutMs: RESUMED_WITHIN_MS - (Date.now() - stoppedAt),
      ready: async (url) => {
        const res = await fetch(`${url}/api/v1/eval-runs/${runId}`, { headers: { authorization: `Bearer ${VIEWER_KEY}` } });
        if (res.status !== 200) return false;
        finished = (await res.json()) as EvalRunView;
        return finished.status === 'completed';
      },
    });
    servers.push(second);
    expect(finished!.progress).toEqual({ total: ITEMS, done: ITEMS, succeeded: ITEMS, failed: 0 });
    expect(finished!.summary[0]).toEqual({ name: 'exact', n: ITEMS, mean: 1, passRate: 1 });
    await second.stop();

    const done = await withDatabase(database!, async () => ({
      positions: rowsOf<{ position: number; n: number }>(
        await getDb().execute(sql`select position, count(*)::int as n from eval_results where run_id = ${runId} group by position order by position`),
      ),
      executions: rowsOf<{ executions: number; linked: number; distinct_positions: number }>(
        await getDb().execute(sql`
          select count(*)::int as executions,
                 count(*) filter (where exists (select 1 from eval_results r where r.run_id = ${runId} and r.execution_id = e.id))::int as linked,
                 count(distinct (e.metadata ->> 'position'))::int as distinct_positions
            from executions e where e.source = 'eval' and e.metadata ->> 'evalRunId' = ${runId}`),
      )[0],
    }));
    expect(done.positions).toEqual(Array.from({ length: ITEMS }, (_, i) => ({ position: i + 1, n: 1 })));
    expect(done.executions).toEqual({ executions: ITEMS, linked: ITEMS, distinct_positions: ITEMS });
    // Each item asked of the model once, across both servers.
    expect(sorted(positionsAsked())).toEqual(Array.from({ length: ITEMS }, (_, i) => i + 1));
  });
});
