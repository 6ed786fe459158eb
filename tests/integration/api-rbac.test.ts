import { beforeAll, describe, expect, it } from 'vitest';
import { operations } from '@/lib/api/openapi';
import { resolvePrompt } from '@/lib/executions/resolve';
import { resolveInput } from '@/lib/executions/schemas';
import { listModels } from '@/lib/models/catalog';
import { createDataset } from '@/lib/datasets/datasets';
import { systemActor } from '@/lib/auth/roles';
import type { Role } from '@/lib/auth/roles';
import { authenticateApiKey } from '@/lib/auth/api-keys';
import { callApi, withApiKeys, type ApiCall, type ApiResponse } from '../support/api';
import { withTestDatabase } from '../support/db';
import { experimentBody, givenExperiment, uniqueKey } from '../support/experiments';
import { givenModelPrompt, withFakeOpenAI } from '../support/model-env';
import { givenPrompt, uniqueName } from '../support/prompts';
import { leavesDatabaseAsItWas } from '../support/snapshot';
import { givenDataset, givenRun, passingFirst } from '../support/eval-runs';
import { createEvalRun } from '@/lib/evals/runs';
import { setGate } from '@/lib/evals/gates';

// viewers read, services (applications) serve prompts and report outcomes, editors write prompts
// and versions and move unprotected labels, admins do everything. A refused call writes nothing
// and spends nothing: no row changes, and the model is never called.

withTestDatabase();

const keys = withApiKeys();
const model = withFakeOpenAI();
beforeAll(async () => {
  await givenPrompt('rbac/base', { versions: 3, labels: ['production', 'staging'] });
  await givenModelPrompt('rbac/run', { template: 'Say hi', modelConfig: { provider: 'openai', model: 'gpt-4o-mini' } });
});

// `call` gets the role of the key about to call, for rows about the key's own executions.
type Row = { operationId: string; doing: string; call: (role: Role) => Promise<ApiCall> | ApiCall; expected: Record<Role, number> };

const prompt = { name: 'rbac/base' };
let flip = 0;
/** Alternates between versions 1 and 2, so that every move really moves the label. */
const nextVersion = () => ({ version: (flip++ % 2) + 1 });

const table: Row[] = [
  { operationId: 'listPrompts', doing: 'list prompts', call: () => ({}), expected: { viewer: 200, service: 200, editor: 200, admin: 200 } },
  { operationId: 'getPrompt', doing: 'get a version', call: () => ({ params: prompt }), expected: { viewer: 200, service: 200, editor: 200, admin: 200 } },
  { operationId: 'listVersions', doing: 'list versions', call: () => ({ params: prompt }), expected: { viewer: 200, service: 200, editor: 200, admin: 200 } },
  { operationId: 'labelHistory', doing: 'read label history', call: () => ({ params: prompt }), expected: { viewer: 200, service: 200, editor: 200, admin: 200 } },
  {
    operationId: 'renderPrompt',
    doing: 'render',
    call: () => ({ params: prompt, body: { variables: { name: 'x' } } }),
    expected: { viewer: 200, service: 200, editor: 200, admin: 200 },
  },
  {
    operationId: 'createPrompt',
    doing: 'create a prompt',
    call: () => ({ body: { name: uniqueName('rbac/new'), template: 'hi {{ who }}' } }),
    expected: { viewer: 403, service: 403, editor: 201, admin: 201 },
  },
  {
    operationId: 'createPrompt',
    doing: 'create a prompt labelled production',
    call: () => ({ body: { name: uniqueName('rbac/new'), template: 'hi', labels: ['production'] } }),
    expected: { viewer: 403, service: 403, editor: 403, admin: 201 },
  },
  {
    operationId: 'createVersion',
    doing: 'save a version',
    call: () => ({ params: prompt, body: { template: 'next {{ name }}', labels: ['staging'] } }),
    expected: { viewer: 403, service: 403, editor: 201, admin: 201 },
  },
  {
    operationId: 'createVersion',
    doing: 'save a version labelled production',
    call: () => ({ params: prompt, body: { template: 'next {{ name }}', labels: ['production'] } }),
    expected: { viewer: 403, service: 403, editor: 403, admin: 201 },
  },
  {
    operationId: 'moveLabel',
    doing: 'move staging',
    call: () => ({ params: { ...prompt, label: 'staging' }, body: nextVersion() }),
    expected: { viewer: 403, service: 403, editor: 200, admin: 200 },
  },
  {
    operationId: 'moveLabel',
    doing: 'create a custom label',
    call: () => ({ params: { ...prompt, label: uniqueName('exp') }, body: { version: 1 } }),
    expected: { viewer: 403, service: 403, editor: 200, admin: 200 },
  },
  {
    operationId: 'moveLabel',
    doing: 'move production',
    call: () => ({ params: { ...prompt, label: 'production' }, body: nextVersion() }),
    expected: { viewer: 403, service: 403, editor: 403, admin: 200 },
  },
];

// Experiments and outcomes; tests/integration/experiments-lifecycle.test.ts checks their roles in depth.
/** An execution served by `role`'s key (as if it had called resolve), or by the console when no role is given. */
const resolved = async (role?: Role) => {
  const actor = role ? await authenticateApiKey(keys[role]) : undefined;
  return (await resolvePrompt('rbac/base', resolveInput.parse({ variables: { name: 'x' } }), { actor })).executionId;
};
/** A running experiment on a prompt of its own, so that starts and winners never collide. */
const runningExperiment = async () => {
  const key = uniqueKey('rbac');
  await givenExperiment(key, await givenPrompt(uniqueName('rbac/exp'), { versions: 2, labels: ['production'] }), {}, { start: true });
  return key;
};
const draftExperiment = async () => {
  const key = uniqueKey('rbac');
  await givenExperiment(key, 'rbac/base');
  return key;
};
const every = { viewer: 200, service: 200, editor: 200, admin: 200 };
const serving = { viewer: 403, service: 200, editor: 200, admin: 200 };
const completion = { status: 'success', inputTokens: 10, outputTokens: 5, costUsd: 0.5 };
table.push(
  { operationId: 'resolvePrompt', doing: 'resolve', call: () => ({ params: prompt, body: { unitId: 'u1', variables: { name: 'x' } } }), expected: serving },
  {
    operationId: 'completeExecution',
    doing: 'complete an execution it served',
    call: async (role) => ({ params: { id: await resolved(role) }, body: completion }),
    expected: serving,
  },
  {
    operationId: 'completeExecution',
    doing: "complete another key's execution",
    call: async (role) => ({ params: { id: await resolved(role === 'service' ? 'editor' : 'service') }, body: completion }),
    expected: { viewer: 403, service: 403, editor: 403, admin: 200 },
  },
  {
    operationId: 'completeExecution',
    doing: 'complete an execution served by the console',
    call: async () => ({ params: { id: await resolved() }, body: completion }),
    expected: { viewer: 403, service: 403, editor: 403, admin: 200 },
  },
  // Outcomes often come from another service than the one that resolved: any service key reports on any execution.
  { operationId: 'recordExecutionMetric', doing: 'attach a metric', call: async () => ({ params: { id: await resolved('service') }, body: { name: 'conversion', value: 1 } }), expected: serving },
  {
    operationId: 'recordMetrics',
    doing: 'attach metrics in a batch',
    call: async () => ({ body: { items: [{ executionId: await resolved('editor'), name: 'conversion', value: 1 }] } }),
    expected: serving,
  },
  { operationId: 'listExperiments', doing: 'list experiments', call: () => ({}), expected: every },
  { operationId: 'getExperiment', doing: 'read an experiment', call: async () => ({ params: { key: await draftExperiment() } }), expected: every },
  { operationId: 'experimentResults', doing: 'read results', call: async () => ({ params: { key: await draftExperiment() } }), expected: every },
  { operationId: 'createExperiment', doing: 'create an experiment', call: () => ({ body: experimentBody(uniqueKey('rbac'), 'rbac/base') }), expected: { viewer: 403, service: 403, editor: 201, admin: 201 } },
  { operationId: 'editExperiment', doing: 'edit an experiment', call: async () => ({ params: { key: await draftExperiment() }, body: { name: 'x' } }), expected: { viewer: 403, service: 403, editor: 200, admin: 200 } },
  { operationId: 'transitionExperiment', doing: 'pause an experiment', call: async () => ({ params: { key: await runningExperiment(), transition: 'pause' } }), expected: { viewer: 403, service: 403, editor: 403, admin: 200 } },
  { operationId: 'declareWinner', doing: 'declare a winner', call: async () => ({ params: { key: await runningExperiment() }, body: { variant: 'b' } }), expected: { viewer: 403, service: 403, editor: 403, admin: 200 } },
);

// Running models (against the fake OpenAI) and the model catalog; tests/integration/models-api.test.ts checks the catalog in depth.
const catalogModelId = async () => (await listModels()).find((m) => m.model === 'gpt-4o-mini')!.id;
let reprice = 0;
table.push(
  { operationId: 'runPrompt', doing: 'run a prompt', call: () => ({ params: { name: 'rbac/run' }, body: { unitId: 'u1' } }), expected: serving },
  { operationId: 'runPrompt', doing: 'run a prompt, streamed', call: () => ({ params: { name: 'rbac/run' }, body: { unitId: 'u1', stream: true } }), expected: serving },
  { operationId: 'createChatCompletion', doing: 'call the gateway with a prompt', call: () => ({ body: { model: 'prompt:rbac/run', user: 'u1' } }), expected: serving },
  {
    operationId: 'createChatCompletion',
    doing: 'call the gateway with a plain model',
    call: () => ({ body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] } }),
    expected: serving,
  },
  { operationId: 'listModels', doing: 'list models', call: () => ({}), expected: every },
  {
    operationId: 'createModel',
    doing: 'add a model',
    call: () => ({ body: { provider: 'openai', model: uniqueName('rbac-model'), inputPerMillion: '1', outputPerMillion: '2' } }),
    expected: { viewer: 403, service: 403, editor: 403, admin: 201 },
  },
  {
    operationId: 'changeModel',
    doing: "change a model's price",
    call: async () => ({ params: { modelId: await catalogModelId() }, body: { inputPerMillion: `0.${++reprice}` } }),
    expected: { viewer: 403, service: 403, editor: 403, admin: 200 },
  },
  { operationId: 'listDatasets', doing: 'list datasets', call: () => ({}), expected: every },
  { operationId: 'getDataset', doing: 'get a dataset', call: async () => ({ params: { dataset: await rbacDataset() } }), expected: every },
  { operationId: 'listDatasetItems', doing: "read a dataset's items", call: async () => ({ params: { dataset: await rbacDataset() } }), expected: every },
  {
    operationId: 'createDataset',
    doing: 'create a dataset',
    call: () => ({ body: { name: uniqueName('rbac-set'), items: [{ variables: { q: 'x' } }] } }),
    expected: { viewer: 403, service: 403, editor: 201, admin: 201 },
  },
  {
    operationId: 'createDatasetVersion',
    doing: 'save a dataset version',
    call: async () => ({ params: { dataset: await rbacDataset() }, body: { content: 'q\ny\n', format: 'csv', mode: 'append' } }),
    expected: { viewer: 403, service: 403, editor: 201, admin: 201 },
  },
  {
    operationId: 'addDatasetItemFromExecution',
    doing: 'add an execution to a dataset',
    call: async () => ({
      params: { dataset: await rbacDataset() },
      body: { executionId: (await resolvePrompt('rbac/base', resolveInput.parse({ variables: { name: 'x' } }))).executionId },
    }),
    expected: { viewer: 403, service: 403, editor: 201, admin: 201 },
  },
);

// Offline evals: runs are created queued (no worker runs in this file, so no model is called),
// comparisons read finished runs written as the engine leaves them; the gate lives on a prompt
// of its own so that the production rows above stay ungated.
let evalSetup: Promise<{ dataset: string; runs: [string, string] }> | undefined;
const evals = () =>
  (evalSetup ??= (async () => {
    const dataset = await givenDataset('rbac-evals', 4);
    await givenPrompt('rbac/gated', { versions: 2, labels: ['production'] });
    await setGate(systemActor, 'rbac/gated', { dataset });
    const run = (version: number) => givenRun({ prompt: 'rbac/gated', version, dataset, scores: passingFirst(4, 2) });
    return { dataset, runs: [await run(1), await run(2)] };
  })());
const evalRunBody = async () => ({ dataset: (await evals()).dataset, prompt: 'rbac/run', evaluators: [{ type: 'json_valid' as const, name: 'json' }] });
const queuedRun = async () => (await createEvalRun(systemActor, await evalRunBody())).id;
/** Every admin call sets a different alpha, so that every one really changes the gate. */
let regate = 0;
const gatedPrompt = async () => {
  await evals();
  return { name: 'rbac/gated' };
};
table.push(
  { operationId: 'createEvalRun', doing: 'start an eval run', call: async () => ({ body: await evalRunBody() }), expected: { viewer: 403, service: 403, editor: 201, admin: 201 } },
  { operationId: 'listEvalRuns', doing: 'list eval runs', call: () => ({}), expected: every },
  { operationId: 'getEvalRun', doing: 'read an eval run', call: async () => ({ params: { runId: (await evals()).runs[0] } }), expected: every },
  { operationId: 'listEvalResults', doing: "read an eval run's results", call: async () => ({ params: { runId: (await evals()).runs[0] } }), expected: every },
  { operationId: 'cancelEvalRun', doing: 'cancel an eval run', call: async () => ({ params: { runId: await queuedRun() } }), expected: { viewer: 403, service: 403, editor: 200, admin: 200 } },
  { operationId: 'compareEvalRuns', doing: 'compare eval runs', call: async () => ({ query: { runs: (await evals()).runs.join(',') } }), expected: every },
  { operationId: 'getGate', doing: 'read an eval gate', call: async () => ({ params: await gatedPrompt() }), expected: every },
  {
    operationId: 'setGate',
    doing: 'set an eval gate',
    call: async () => ({ params: { name: 'rbac/gated' }, body: { dataset: (await evals()).dataset, alpha: 0.01 + (regate++ % 5) / 100 } }),
    expected: { viewer: 403, service: 403, editor: 403, admin: 200 },
  },
  { operationId: 'checkGate', doing: 'check an eval gate', call: async () => ({ params: await gatedPrompt(), query: { version: 2 } }), expected: every },
  { operationId: 'scoreExecution', doing: 'score an execution', call: async () => ({ params: { id: await resolved('editor') }, body: { name: 'rating', value: 4 } }), expected: serving },
  { operationId: 'listExecutionScores', doing: "read an execution's scores", call: async () => ({ params: { id: await resolved() } }), expected: every },
  // An SDK's application key reads the snapshot and reports what it served.
  { operationId: 'getServingSnapshot', doing: 'read the serving snapshot', call: () => ({}), expected: serving },
  {
    operationId: 'recordEvents',
    doing: 'report executions served by an SDK',
    call: () => ({ body: { executions: [{ id: crypto.randomUUID(), prompt: 'rbac/base', version: 1, variables: { name: 'x' } }] } }),
    expected: serving,
  },
);

let datasetMade: Promise<string> | undefined;
/** One dataset for the rows that read or extend one, made on first use. */
const rbacDataset = () => (datasetMade ??= createDataset(systemActor, { name: 'rbac-cases' }).then((d) => d.name));

const roles: Role[] = ['viewer', 'service', 'editor', 'admin'];

/** Asserts that the call changes no row and never reaches the model (no provider money spent). */
async function refusedWithoutEffect(act: () => Promise<ApiResponse>) {
  const requestsBefore = model.requests.length;
  const res = await leavesDatabaseAsItWas(act);
  expect(model.requests.length, 'requests the model received').toBe(requestsBefore);
  return res;
}

describe('roles on every operation', () => {
  for (const row of table) {
    for (const role of roles) {
      const status = row.expected[role];
      const allowed = status < 300;
      it(`${allowed ? 'lets' : 'refuses'} a ${role} key ${row.doing}${allowed ? '' : ' and changes nothing'}`, async () => {
        const call = { ...(await row.call(role)), key: keys[role] };
        const res = allowed ? await callApi(row.operationId, call) : await refusedWithoutEffect(() => callApi(row.operationId, call));
        expect(res.status, JSON.stringify(res.body)).toBe(status);
        if (!allowed) expect(res.body.error.code).toBe('forbidden');
      });
    }
    it(`refuses a revoked key to ${row.doing} and changes nothing`, async () => {
      const call = { ...(await row.call('admin')), key: keys.revoked };
      const res = await refusedWithoutEffect(() => callApi(row.operationId, call));
      expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 401, code: 'unauthorized' });
    });
  }

  it('covers every guarded operation, with the least role the OpenAPI document states', () => {
    for (const op of operations.filter((o) => o.role !== null)) {
      const plain = table.find((r) => r.operationId === op.id);
      expect(plain, op.id).toBeDefined();
      const least = roles.find((role) => plain!.expected[role] < 300);
      expect(least, op.id).toBe(op.role);
    }
  });

  it('names the role needed and the role held when it refuses', async () => {
    const res = await callApi('moveLabel', { key: keys.editor, params: { ...prompt, label: 'production' }, body: { version: 1 } });
    expect(res.body.error.message).toMatch(/needs the admin role; key:editor is editor/);
  });
});
