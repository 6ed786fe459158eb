import { beforeAll, describe, expect, it } from 'vitest';
import { openApi } from '@/lib/api/openapi';
import { comparisonView, evalResultList, evalRunList, evalRunView } from '@/lib/evals/schemas';
import { workEvalRun } from '@/lib/evals/worker';
import { callApi, expectError, withApiKeys } from '../support/api';
import { withTestDatabase } from '../support/db';
import { givenDataset, givenRun, passingFirst } from '../support/eval-runs';
import { givenModelPrompt, withFakeOpenAI } from '../support/model-env';
import { givenPrompt } from '../support/prompts';
import { leavesDatabaseAsItWas } from '../support/snapshot';

// The offline-eval routes as an application (or CI) calls them: envelopes, roles and the
// OpenAPI document. The runs engine and the statistics have their own tests; here a run is
// created and worked through the API, and comparisons read runs written as the engine leaves them.

withTestDatabase();
const keys = withApiKeys();
const fake = withFakeOpenAI();

beforeAll(async () => {
  await givenDataset('api-cases', 6);
  await givenModelPrompt('api/answer', { template: 'Answer {{ q }}', modelConfig: { provider: 'openai', model: 'gpt-4o-mini' } });
  await givenPrompt('api/compared', { versions: 2, labels: ['production'] });
});

const NIL = '0190c0de-0000-7000-8000-00000000dead';
const runBody = { dataset: 'api-cases', prompt: 'api/answer', evaluators: [{ type: 'exact', name: 'exact' }], name: 'from the API' };

describe('eval runs over the API', () => {
  it('creates a queued run (201), reads it, lists it, and shows its results once worked', async () => {
    fake.setScript(({ lastUser }) => ({ reply: lastUser.replace('Answer case', 'answer') }));
    const created = await callApi('createEvalRun', { key: keys.editor, body: runBody });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const run = evalRunView.parse(created.body);
    expect(run).toMatchObject({ name: 'from the API', status: 'queued', dataset: 'api-cases', datasetVersion: 1, prompt: 'api/answer', version: 1, createdBy: 'key:editor' });
    expect(run.progress).toEqual({ total: 6, done: 0, succeeded: 0, failed: 0 });

    const got = await callApi('getEvalRun', { key: keys.viewer, params: { runId: run.id } });
    expect(got.body).toEqual(created.body);
    const list = evalRunList.parse((await callApi('listEvalRuns', { key: keys.viewer, query: { prompt: 'api/answer' } })).body);
    expect(list.data.map((r) => r.id)).toEqual([run.id]);
    expect(evalRunList.parse((await callApi('listEvalRuns', { key: keys.viewer, query: { dataset: 'api-cases', status: 'completed' } })).body).data).toEqual([]);

    await workEvalRun(run.id, { owner: 'test-worker' });
    const done = evalRunView.parse((await callApi('getEvalRun', { key: keys.viewer, params: { runId: run.id } })).body);
    expect(done).toMatchObject({ status: 'completed', progress: { total: 6, done: 6, succeeded: 6, failed: 0 } });
    expect(done.summary.find((s) => s.name === 'exact')).toMatchObject({ n: 6, mean: 1, passRate: 1 });
    const results = evalResultList.parse((await callApi('listEvalResults', { key: keys.viewer, params: { runId: run.id } })).body);
    expect(results.data.map((r) => [r.position, r.output, r.scores.exact?.pass])).toEqual(Array.from({ length: 6 }, (_, i) => [i + 1, `answer ${i}`, true]));
  });

  it('cancels a queued run (editor) and refuses to cancel it twice', async () => {
    const run = evalRunView.parse((await callApi('createEvalRun', { key: keys.editor, body: runBody })).body);
    const refused = await leavesDatabaseAsItWas(() => callApi('cancelEvalRun', { key: keys.viewer, params: { runId: run.id } }));
    expectError(refused, 403, 'forbidden');
    const cancelled = await callApi('cancelEvalRun', { key: keys.editor, params: { runId: run.id } });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(evalRunView.parse(cancelled.body).status).toBe('cancelled');
    const again = await leavesDatabaseAsItWas(() => callApi('cancelEvalRun', { key: keys.editor, params: { runId: run.id } }));
    expect(expectError(again, 409, 'conflict').message).toMatch(/already been cancelled/);
    expect(evalRunView.parse((await callApi('getEvalRun', { key: keys.viewer, params: { runId: run.id } })).body).status).toBe('cancelled');
  });

  it('answers 400 for a bad run and writes nothing; 404 for what does not exist; 400 for a malformed id', async () => {
    for (const body of [
      { ...runBody, evaluators: [] },
      { ...runBody, version: 1, label: 'production' },
      { ...runBody, concurrency: 0 },
      { ...runBody, evaluators: [{ type: 'exact', name: 'composite' }] },
    ]) {
      const res = await leavesDatabaseAsItWas(() => callApi('createEvalRun', { key: keys.editor, body }));
      expectError(res, 400, 'invalid');
    }
    expectError(await leavesDatabaseAsItWas(() => callApi('createEvalRun', { key: keys.editor, body: { ...runBody, dataset: 'no-set' } })), 404, 'not_found');
    expectError(await leavesDatabaseAsItWas(() => callApi('createEvalRun', { key: keys.editor, body: { ...runBody, prompt: 'no/prompt' } })), 404, 'not_found');
    expectError(await callApi('getEvalRun', { key: keys.viewer, params: { runId: NIL } }), 404, 'not_found');
    expectError(await callApi('listEvalResults', { key: keys.viewer, params: { runId: NIL } }), 404, 'not_found');
    expectError(await leavesDatabaseAsItWas(() => callApi('cancelEvalRun', { key: keys.editor, params: { runId: NIL } })), 404, 'not_found');
    const malformed = expectError(await callApi('getEvalRun', { key: keys.viewer, params: { runId: 'run-1' } }), 400, 'invalid');
    expect(malformed.message).toMatch(/UUID/);
  });

  it('refuses a viewer or a service key starting a run, and any key without the role, writing nothing', async () => {
    for (const key of [keys.viewer, keys.service]) {
      expectError(await leavesDatabaseAsItWas(() => callApi('createEvalRun', { key, body: runBody })), 403, 'forbidden');
    }
    expectError(await leavesDatabaseAsItWas(() => callApi('createEvalRun', { body: runBody })), 401, 'unauthorized');
  });
});

describe('comparisons over the API', () => {
  it('compares finished runs, the first as the baseline', async () => {
    const baseline = await givenRun({ prompt: 'api/compared', version: 1, dataset: 'api-cases', scores: passingFirst(6, 5) });
    const candidate = await givenRun({ prompt: 'api/compared', version: 2, dataset: 'api-cases', scores: passingFirst(6, 6) });
    const res = await callApi('compareEvalRuns', { key: keys.viewer, query: { runs: `${baseline},${candidate}` } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const view = comparisonView.parse(res.body);
    expect(view.runs.map((r) => r.id)).toEqual([baseline, candidate]);
    expect(view.comparisons[0]).toMatchObject({ baselineRunId: baseline, candidateRunId: candidate });
    const exact = view.comparisons[0]!.evaluators.find((e) => e.evaluator === 'exact')!;
    expect(exact.baselineMean).toBeCloseTo(5 / 6, 12);
    expect(exact.candidateMean).toBe(1);
    expect(exact.mcnemar).toMatchObject({ improved: 1, worsened: 0 });
  });

  it('takes another alpha: the verdicts use it and the intervals widen to 1 − alpha; one outside (0, 0.5) is a 400', async () => {
    const scores = passingFirst(6, 3);
    const baseline = await givenRun({ prompt: 'api/compared', version: 1, dataset: 'api-cases', scores, latencies: [100, 120, 90, 110, 130, 95] });
    const candidate = await givenRun({ prompt: 'api/compared', version: 2, dataset: 'api-cases', scores, latencies: [90, 125, 70, 100, 100, 95] });
    const runs = `${baseline},${candidate}`;
    const at = async (alpha?: string) => {
      const res = await callApi('compareEvalRuns', { key: keys.viewer, query: alpha ? { runs, alpha } : { runs } });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return comparisonView.parse(res.body);
    };
    const [usual, strict] = [await at(), await at('0.01')];
    expect([usual.alpha, strict.alpha]).toEqual([0.05, 0.01]);
    const width = (v: typeof usual) => {
      const [lo, hi] = v.comparisons[0]!.latency.ci!;
      return hi - lo;
    };
    expect(width(strict)).toBeGreaterThan(width(usual));
    expectError(await callApi('compareEvalRuns', { key: keys.viewer, query: { runs, alpha: '0.5' } }), 400, 'invalid');
  });

  it('answers 400 for fewer than two runs or a malformed id, and 404 for an unknown run', async () => {
    const one = await givenRun({ prompt: 'api/compared', version: 1, dataset: 'api-cases', scores: passingFirst(6, 3) });
    expect(expectError(await callApi('compareEvalRuns', { key: keys.viewer, query: { runs: one } }), 400, 'invalid').message).toMatch(/at least two runs/);
    expectError(await callApi('compareEvalRuns', { key: keys.viewer, query: { runs: `${one},nope` } }), 400, 'invalid');
    expectError(await callApi('compareEvalRuns', { key: keys.viewer, query: {} }), 400, 'invalid');
    expectError(await callApi('compareEvalRuns', { key: keys.viewer, query: { runs: `${one},${NIL}` } }), 404, 'not_found');
  });
});

describe('the routes and the document', () => {
  it('answers a method a route does not serve with 405 and Allow', async () => {
    const { POST } = await import('@/app/api/v1/eval-runs/[runId]/route');
    const res = await POST(new Request(`http://test/api/v1/eval-runs/${NIL}`, { method: 'POST' }));
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    const gate = await import('@/app/api/v1/prompts/[name]/gate/route');
    expect((await gate.DELETE(new Request('http://test/api/v1/prompts/x/gate', { method: 'DELETE' }))).headers.get('allow')).toBe('GET, HEAD, PUT, OPTIONS');
  });

  it('documents every new operation with its role, parameters and schemas', () => {
    const doc = openApi() as unknown as { paths: Record<string, Record<string, any>>; components: { schemas: Record<string, any> } };
    const expected: [string, string, string, string][] = [
      ['/api/v1/eval-runs', 'post', 'createEvalRun', 'editor'],
      ['/api/v1/eval-runs', 'get', 'listEvalRuns', 'viewer'],
      ['/api/v1/eval-runs/{runId}', 'get', 'getEvalRun', 'viewer'],
      ['/api/v1/eval-runs/{runId}/results', 'get', 'listEvalResults', 'viewer'],
      ['/api/v1/eval-runs/{runId}/cancel', 'post', 'cancelEvalRun', 'editor'],
      ['/api/v1/eval-comparisons', 'get', 'compareEvalRuns', 'viewer'],
      ['/api/v1/prompts/{name}/gate', 'get', 'getGate', 'viewer'],
      ['/api/v1/prompts/{name}/gate', 'put', 'setGate', 'admin'],
      ['/api/v1/prompts/{name}/gate/check', 'get', 'checkGate', 'viewer'],
      ['/api/v1/executions/{id}/scores', 'post', 'scoreExecution', 'service'],
      ['/api/v1/executions/{id}/scores', 'get', 'listExecutionScores', 'viewer'],
    ];
    for (const [path, method, id, role] of expected) {
      expect(doc.paths[path]?.[method], `${method} ${path}`).toMatchObject({ operationId: id, 'x-verso-role': role });
    }
    expect(doc.paths['/api/v1/eval-runs/{runId}']!.get.parameters[0]).toMatchObject({ name: 'runId', in: 'path', schema: { format: 'uuid' } });
    expect(doc.paths['/api/v1/eval-runs']!.post.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/NewEvalRun' });
    expect(doc.paths['/api/v1/prompts/{name}/gate/check']!.get.parameters.map((p: { in: string; name: string }) => `${p.in}:${p.name}`)).toEqual(['path:name', 'query:version']);
    expect(Object.keys(doc.paths['/api/v1/prompts/{name}/gate']!.put.responses)).toEqual(['200', '400', '401', '403', '404', '413']);
    expect(doc.components.schemas.GateCheck.required).toEqual(expect.arrayContaining(['pass', 'reason', 'worse']));
    // A gate's refusal carries the check in details.gate.
    expect(JSON.stringify(doc.components.schemas.Error)).toContain('eval gate');
  });
});
