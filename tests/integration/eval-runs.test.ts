import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { rowsOf } from '@/db/queries/prompts';
import { listMetricsOfExecution } from '@/db/queries/executions';
import { auditEvents, evalRuns, executions } from '@/db/schema';
import { VersoError } from '@/lib/api/errors';
import { createDataset } from '@/lib/datasets/datasets';
import { cancelEvalRun, createEvalRun, getEvalRun, listEvalResults, listEvalRuns } from '@/lib/evals/runs';
import { evalResultView, evalRunView, type NewEvalRunInput } from '@/lib/evals/schemas';
import { startEvalWorker, stopEvalWorker, workEvalRun } from '@/lib/evals/worker';
import { versionPerformance } from '@/lib/executions/performance';
import { costOf } from '@/lib/models/money';
import { editor, viewer } from '../support/actors';
import { withTestDatabase } from '../support/db';
import { countPromptTokens, countTokens, type FakeOpenAI } from '../support/fake-openai';
import { givenModelPrompt, setEnv, withEnvEach, withFakeOpenAI } from '../support/model-env';
import { givenPrompt, uniqueName } from '../support/prompts';

withTestDatabase();
const fake = withFakeOpenAI({ ANTHROPIC_API_KEY: undefined, VERSO_MODEL_MAX_RETRIES: '2' });
// A short lease: a worker notices a cancel or a lost lease within a third of it.
withEnvEach({ VERSO_EVAL_LEASE_MS: '900', VERSO_EVAL_PROVIDER_CONCURRENCY: '32' });

const MODEL = { provider: 'openai', model: 'gpt-4o-mini' };
const GPT_4O_MINI = { inputPerMillion: '0.15', outputPerMillion: '0.6' };
const EVALUATORS = [
  { type: 'exact', name: 'exact' },
  { type: 'contains', name: 'polite', value: 'please' },
] as NewEvalRunInput['evaluators'];

async function givenSetup(items: { variables: Record<string, unknown>; expected?: unknown }[]) {
  const prompt = await givenModelPrompt(uniqueName('ask'), { template: 'Answer: {{ question }}', modelConfig: MODEL });
  const dataset = uniqueName('cases');
  await createDataset(editor, { name: dataset, items });
  return { prompt, dataset };
}

const questions = (n: number) => Array.from({ length: n }, (_, i) => ({ variables: { question: `q${i + 1}` }, expected: `a${i + 1}` }));

async function refusal(promise: Promise<unknown>): Promise<VersoError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(VersoError);
  return error as VersoError;
}

/** Item requests the fake received, with their arrival time: the lastUser text is the rendered item. */
function recordArrivals(fake: FakeOpenAI, reply: (question: string) => { delayMs?: number; reply?: string; status?: 500 } = () => ({})) {
  const arrivals: { question: string; at: number }[] = [];
  fake.setScript(({ lastUser }) => {
    const question = lastUser.replace(/^Answer: /, '');
    arrivals.push({ question, at: performance.now() });
    return reply(question);
  });
  return arrivals;
}

/** Most requests the fake was answering at once, each taking `delayMs` from its arrival. */
function maxInFlight(arrivals: { at: number }[], delayMs: number): number {
  const events = arrivals.flatMap((a) => [
    [a.at, 1],
    [a.at + delayMs, -1],
  ]);
  events.sort((x, y) => x[0]! - y[0]! || x[1]! - y[1]!);
  let now = 0;
  let max = 0;
  for (const [, d] of events) max = Math.max(max, (now += d!));
  return max;
}

const count = async (query: ReturnType<typeof sql>) => Number(rowsOf<{ n: number }>(await getDb().execute(query))[0]!.n);
const resultsOf = (runId: string) => count(sql`select count(*)::int as n from eval_results where run_id = ${runId}`);
const itemExecutionsOf = (runId: string) => count(sql`select count(*)::int as n from executions where source = 'eval' and metadata ->> 'evalRunId' = ${runId}`);
const until = async (check: () => Promise<boolean>, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('creating an eval run', () => {
  it('refuses what cannot run, with the status a client expects, and writes nothing', async () => {
    const { prompt, dataset } = await givenSetup(questions(2));
    const empty = uniqueName('empty');
    await createDataset(editor, { name: empty });
    const bare = await givenPrompt(uniqueName('no-model'), { template: 'Hi {{ question }}', labels: ['production'] });
    const base = { dataset, prompt, evaluators: EVALUATORS };

    const unknownField = await refusal(createEvalRun(editor, { ...base, evaluators: [{ type: 'exact', name: 'exact', tolerance: 2 } as never] }));
    expect([unknownField.status, unknownField.message]).toEqual([400, expect.stringContaining('tolerance')]);
    const emptyDataset = await refusal(createEvalRun(editor, { ...base, dataset: empty }));
    expect([emptyDataset.status, emptyDataset.message]).toEqual([400, expect.stringMatching(/has no items/)]);
    const noModel = await refusal(createEvalRun(editor, { ...base, prompt: bare }));
    expect([noModel.status, noModel.message]).toEqual([400, expect.stringMatching(/names no provider/)]);
    const noModelId = await refusal(createEvalRun(editor, { ...base, prompt: bare, model: { provider: 'openai' } }));
    expect([noModelId.status, noModelId.message]).toEqual([400, expect.stringMatching(/names no model/)]);

    expect((await refusal(createEvalRun(editor, { ...base, dataset: 'nope' }))).status).toBe(404);
    expect((await refusal(createEvalRun(editor, { ...base, datasetVersion: 9 }))).message).toMatch(/has no version 9/);
    expect((await refusal(createEvalRun(editor, { ...base, prompt: 'nope' }))).status).toBe(404);
    expect((await refusal(createEvalRun(editor, { ...base, version: 7 }))).message).toMatch(/no version 7/);
    expect((await refusal(createEvalRun(editor, { ...base, label: 'staging' }))).message).toMatch(/no label "staging"/);
    expect((await refusal(createEvalRun(editor, { ...base, version: 1, label: 'production' }))).status).toBe(400);

    const unconfigured = await refusal(createEvalRun(editor, { ...base, model: { provider: 'anthropic', model: 'claude-sonnet-4-5' } }));
    expect([unconfigured.status, unconfigured.message]).toEqual([424, expect.stringContaining('ANTHROPIC_API_KEY')]);
    const forbidden = await refusal(createEvalRun(viewer, base));
    expect(forbidden.status).toBe(403);

    expect(await getDb().$count(evalRuns)).toBe(0);
    expect(await getDb().$count(auditEvents, eq(auditEvents.entityType, 'eval_run'))).toBe(0);
  });

  it('creates a queued run with the version’s model merged with the override, audited', async () => {
    const { prompt, dataset } = await givenSetup(questions(3));
    const run = await createEvalRun(editor, { name: 'baseline', dataset, prompt, model: { temperature: 0 }, evaluators: EVALUATORS, concurrency: 3 });
    expect(evalRunView.parse(run)).toMatchObject({
      name: 'baseline',
      status: 'queued',
      dataset,
      datasetVersion: 1,
      prompt,
      version: 1,
      modelConfig: { ...MODEL, temperature: 0 },
      modelOverride: { temperature: 0 },
      concurrency: 3,
      requestsPerMinute: null,
      progress: { total: 3, done: 0, succeeded: 0, failed: 0 },
      costUsd: '0',
      judgeCostUsd: '0',
      meanLatencyMs: null,
      createdBy: editor.name,
      startedAt: null,
    });
    expect(run.evaluators.map((e) => [e.type, e.name])).toEqual([
      ['exact', 'exact'],
      ['contains', 'polite'],
    ]);
    expect(await getEvalRun(run.id)).toEqual(run);
    const [event] = await getDb()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, 'eval_run'), eq(auditEvents.entityId, run.id)));
    expect(event).toMatchObject({ action: 'eval_run.created', actorName: editor.name });

    const held = await createEvalRun(editor, { dataset, prompt, evaluators: EVALUATORS }, { leaseOwner: 'cli:1' });
    expect(held.status).toBe('running');
    expect(held.startedAt).not.toBeNull();
    expect((await listEvalRuns({ prompt })).map((r) => r.id)).toEqual([held.id, run.id]);
    expect((await listEvalRuns({ prompt, status: 'queued' })).map((r) => r.id)).toEqual([run.id]);
    expect(await listEvalRuns({ dataset: 'no-such-dataset' })).toEqual([]);
  });
});

describe('working a run', () => {
  it('runs every item once: scores as metrics, failures recorded, progress, exact cost', async () => {
    // Items 1–4 answered right (2 and 4 politely), 5 wrong, 6 a server error beyond the retries,
    // 7 without its variable (fails before any call).
    const items = [...questions(6), { variables: { topic: 'x' }, expected: 'a7' }];
    const { prompt, dataset } = await givenSetup(items);
    const replies: Record<string, string> = { q1: 'a1', q2: 'a2 please', q3: 'a3', q4: 'please a4', q5: 'wrong' };
    recordArrivals(fake, (q) => (q === 'q6' ? { status: 500 } : { reply: replies[q]! }));
    const run = await createEvalRun(editor, { dataset, prompt, evaluators: EVALUATORS, concurrency: 3 });
    const seen: number[] = [];
    const done = await workEvalRun(run.id, { owner: 'test', onProgress: (p) => seen.push(p.done) });

    expect(done.status).toBe('completed');
    expect(done.finishedAt).not.toBeNull();
    expect(done.progress).toEqual({ total: 7, done: 7, succeeded: 5, failed: 2 });
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7]);
    // 5 answered items, the failing one tried 3 times (2 retries), none for the item that did not render.
    expect(fake.requests.filter((r) => r.path.endsWith('/chat/completions'))).toHaveLength(8);

    const results = (await listEvalResults(run.id)).map((r) => evalResultView.parse(r));
    expect(results.map((r) => [r.position, r.status, r.output])).toEqual([
      [1, 'success', 'a1'],
      [2, 'success', 'a2 please'],
      [3, 'success', 'a3'],
      [4, 'success', 'please a4'],
      [5, 'success', 'wrong'],
      [6, 'error', null],
      [7, 'error', null],
    ]);
    expect(results[0]).toMatchObject({ variables: { question: 'q1' }, expected: 'a1' });
    expect(results.map((r) => r.scores.exact?.pass ?? null)).toEqual([true, false, true, false, false, null, null]);
    expect(results.map((r) => r.scores.polite?.pass ?? null)).toEqual([false, true, false, true, false, null, null]);
    expect(results[5]!.error).toMatch(/500/);
    expect(results[6]!.error).toMatch(/question/);

    // Each item's execution carries its scores as metrics, like an application's outcomes.
    for (const r of results) {
      const [execution] = await getDb().select().from(executions).where(eq(executions.id, r.executionId));
      expect(execution).toMatchObject({
        source: 'eval',
        promptName: prompt,
        version: 1,
        provider: 'openai',
        model: 'gpt-4o-mini',
        status: r.status,
        output: r.output,
        metadata: { evalRunId: run.id, position: r.position, dataset, datasetVersion: 1 },
      });
      const metrics = Object.fromEntries((await listMetricsOfExecution(getDb(), r.executionId)).map((m) => [m.name, m.value]));
      const expected = Object.fromEntries(Object.entries(r.scores).flatMap(([name, s]) => (s.score === null ? [] : [[name, s.score]])));
      if (r.composite !== null) expected.composite = r.composite;
      expect(metrics).toEqual(expected);
    }
    expect(await itemExecutionsOf(run.id)).toBe(7);

    // Money is exact: the sum of each answered item's cost at the catalog price.
    const costs = results.filter((r) => r.status === 'success').map((r) => {
      const asked = `Answer: ${(r.variables as { question: string }).question}`;
      return costOf({ inputTokens: countPromptTokens([{ role: 'user', content: asked }]), outputTokens: countTokens(r.output!) }, GPT_4O_MINI);
    });
    expect(results.filter((r) => r.status === 'success').map((r) => r.costUsd)).toEqual(costs);
    const units = costs.reduce((sum, c) => sum + BigInt(c.replace('.', '')), 0n).toString().padStart(11, '0');
    expect(done.costUsd).toBe(`${units.slice(0, -10)}.${units.slice(-10)}`);
    expect(done.judgeCostUsd).toBe('0');
    expect(done.summary).toEqual([
      { name: 'exact', n: 5, mean: 2 / 5, passRate: 2 / 5 },
      { name: 'polite', n: 5, mean: 2 / 5, passRate: 2 / 5 },
      { name: 'composite', n: 5, mean: expect.closeTo((1 / 2 + 1 / 2 + 1 / 2 + 1 / 2 + 0) / 5, 12), passRate: null },
    ]);
    expect(done.meanLatencyMs).toBeGreaterThan(0);

    // An offline run is not production traffic: the version's performance figures stay empty.
    expect((await versionPerformance(prompt)).reduce((n, v) => n + v.calls, 0)).toBe(0);
    // A finished run cannot be cancelled, and working it again does nothing.
    expect((await refusal(cancelEvalRun(editor, run.id))).status).toBe(409);
    expect((await workEvalRun(run.id, { owner: 'other' })).progress.done).toBe(7);
    expect(fake.requests).toHaveLength(8);
  });

  it('keeps exactly the run’s concurrency in flight, and no more than the provider’s cap', async () => {
    const { prompt, dataset } = await givenSetup(questions(20));
    const arrivals = recordArrivals(fake, () => ({ delayMs: 100 }));
    const run = await createEvalRun(editor, { dataset, prompt, evaluators: EVALUATORS, concurrency: 5 });
    expect((await workEvalRun(run.id, { owner: 'test' })).progress.done).toBe(20);
    expect(arrivals).toHaveLength(20);
    expect(maxInFlight(arrivals, 100)).toBe(5);

    const undo = setEnv({ VERSO_EVAL_PROVIDER_CONCURRENCY: '3' });
    try {
      arrivals.length = 0;
      const capped = await createEvalRun(editor, { dataset, prompt, evaluators: EVALUATORS, concurrency: 8 });
      expect((await workEvalRun(capped.id, { owner: 'test' })).progress.done).toBe(20);
      expect(maxInFlight(arrivals, 100)).toBe(3);
    } finally {
      undo();
    }
  });

  it('paces a run’s requests to its requests per minute', async () => {
    const { prompt, dataset } = await givenSetup(questions(8));
    const arrivals = recordArrivals(fake);
    // 600 a minute: one every 100 ms, however many lanes are free.
    const run = await createEvalRun(editor, { dataset, prompt, evaluators: EVALUATORS, concurrency: 8, requestsPerMinute: 600 });
    await workEvalRun(run.id, { owner: 'test' });
    expect(arrivals).toHaveLength(8);
    // As promised: no window holds more than its share plus one (n requests span at least
    // (n − 2) × 100 ms; a few ms for the network, and the first call's client warming up).
    for (let j = 0; j < arrivals.length; j++) {
      for (let k = j + 1; k < arrivals.length; k++) expect(arrivals[k]!.at - arrivals[j]!.at).toBeGreaterThanOrEqual((k - j - 1) * 100 - 10);
    }
    const span = arrivals[7]!.at - arrivals[0]!.at;
    expect(span).toBeGreaterThanOrEqual(600);
    expect(span).toBeLessThan(1_500);
  });

  it('cancels mid-run: no new item starts, the ones under way are kept', async () => {
    const { prompt, dataset } = await givenSetup(questions(30));
    recordArrivals(fake, () => ({ delayMs: 80 }));
    const run = await createEvalRun(editor, { dataset, prompt, evaluators: EVALUATORS, concurrency: 2 });
    const working = workEvalRun(run.id, { owner: 'test' });
    await until(async () => (await resultsOf(run.id)) >= 4);

    expect((await refusal(cancelEvalRun(viewer, run.id))).status).toBe(403);
    const cancelled = await cancelEvalRun(editor, run.id);
    expect(cancelled.status).toBe('cancelled');
    const ended = await working;
    expect(ended.status).toBe('cancelled');
    const kept = await resultsOf(run.id);
    expect(kept).toBeGreaterThanOrEqual(4);
    expect(kept).toBeLessThan(30);
    // Every item that reached the model was recorded (none cut off), and nothing starts afterwards.
    expect(fake.requests).toHaveLength(kept);
    await new Promise((r) => setTimeout(r, 400));
    expect(await resultsOf(run.id)).toBe(kept);
    expect((await getEvalRun(run.id)).progress.done).toBe(kept);
    expect((await refusal(cancelEvalRun(editor, run.id))).status).toBe(409);
    const [event] = await getDb()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, run.id), eq(auditEvents.action, 'eval_run.cancelled')));
    expect(event).toMatchObject({ actorName: editor.name, before: { status: 'running' }, after: { status: 'cancelled' } });
  });

  it('records each item once when a second worker takes over a run whose lease ran out', async () => {
    const undo = setEnv({ VERSO_EVAL_LEASE_MS: '6000' });
    try {
      const { prompt, dataset } = await givenSetup(questions(24));
      recordArrivals(fake, () => ({ delayMs: 150 }));
      const run = await createEvalRun(editor, { dataset, prompt, evaluators: EVALUATORS, concurrency: 4 });
      const first = workEvalRun(run.id, { owner: 'worker-a' });
      await until(async () => (await resultsOf(run.id)) >= 4);
      // Worker A stalls past its lease (as after a long pause): worker B may take the run over
      // while A's items are still in flight, and both work the same items for a while.
      await getDb().execute(sql`update eval_runs set lease_expires_at = now() - interval '1 second' where id = ${run.id}`);
      const second = workEvalRun(run.id, { owner: 'worker-b' });
      await new Promise((r) => setTimeout(r, 50));
      expect((await refusal(workEvalRun(run.id, { owner: 'worker-c' }))).status).toBe(409);
      const [a, b] = await Promise.all([first, second]);
      expect(b.status).toBe('completed');
      expect(a.progress.done).toBe(24);

      const positions = rowsOf<{ position: number; n: number }>(
        await getDb().execute(sql`select position, count(*)::int as n from eval_results where run_id = ${run.id} group by position order by position`),
      );
      expect(positions).toEqual(Array.from({ length: 24 }, (_, i) => ({ position: i + 1, n: 1 })));
      expect(await itemExecutionsOf(run.id)).toBe(24);
      const orphans = await count(sql`select count(*)::int as n from eval_results r where r.run_id = ${run.id}
        and not exists (select 1 from executions e where e.id = r.execution_id)`);
      expect(orphans).toBe(0);
      expect(await count(sql`select count(*)::int as n from execution_metrics m join executions e on e.id = m.execution_id
        where e.metadata ->> 'evalRunId' = ${run.id} and m.name = 'exact'`)).toBe(24);
      // The overlap really happened: some items were asked twice, and recorded once.
      expect(fake.requests.length).toBeGreaterThan(24);
    } finally {
      undo();
    }
  });

  it('fails a run that cannot go on, with the reason', async () => {
    const { prompt, dataset } = await givenSetup(questions(2));
    const run = await createEvalRun(editor, { dataset, prompt, evaluators: EVALUATORS });
    const undo = setEnv({ OPENAI_API_KEY: undefined });
    try {
      const failed = await workEvalRun(run.id, { owner: 'test' });
      expect(failed).toMatchObject({ status: 'failed', error: expect.stringContaining('OPENAI_API_KEY'), progress: { done: 0 } });
      expect(fake.requests).toHaveLength(0);
    } finally {
      undo();
    }
  });

  it('the server’s background worker picks up a new run by itself', async () => {
    const { prompt, dataset } = await givenSetup(questions(5));
    startEvalWorker();
    try {
      const run = await createEvalRun(editor, { dataset, prompt, evaluators: EVALUATORS });
      await until(async () => (await getEvalRun(run.id)).status === 'completed');
      expect((await getEvalRun(run.id)).progress).toEqual({ total: 5, done: 5, succeeded: 5, failed: 0 });
    } finally {
      await stopEvalWorker();
    }
  });
});
