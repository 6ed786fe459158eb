import { beforeAll, describe, expect, it } from 'vitest';
import { operations } from '@/lib/api/openapi';
import { resolvePrompt } from '@/lib/executions/resolve';
import { resolveInput } from '@/lib/executions/schemas';
import { listModels } from '@/lib/models/catalog';
import { createDataset } from '@/lib/datasets/datasets';
import { systemActor } from '@/lib/auth/roles';
import { callApi, expectError, withApiKeys, type ApiCall } from '../support/api';
import { withTestDatabase } from '../support/db';
import { experimentBody, givenExperiment } from '../support/experiments';
import { givenModelPrompt } from '../support/model-env';
import { givenPrompt } from '../support/prompts';
import { leavesDatabaseAsItWas } from '../support/snapshot';

// 401, 403, 404 and 409: who is calling, what exists, and what the registry's state allows.
// Each refusal leaves every table as it was.

withTestDatabase();

const keys = withApiKeys();
beforeAll(async () => {
  await givenPrompt('shop/checkout', { versions: 2, labels: ['production', 'staging'] });
  await givenExperiment('checkout-test', 'shop/checkout');
  const { executionId } = await resolvePrompt('shop/checkout', resolveInput.parse({ variables: { name: 'x' } }));
  validCalls.completeExecution!.params = { id: executionId };
  validCalls.recordExecutionMetric!.params = { id: executionId };
  validCalls.recordMetrics!.body = { items: [{ executionId, name: 'conversion', value: 1 }] };
  validCalls.addDatasetItemFromExecution!.body = { executionId };
  validCalls.scoreExecution!.params = { id: executionId };
  validCalls.listExecutionScores!.params = { id: executionId };
  await createDataset(systemActor, { name: 'cases' });
  await givenModelPrompt('shop/assistant', { template: 'Help with {{ topic }}', modelConfig: { provider: 'openai', model: 'gpt-4o-mini' } });
  validCalls.changeModel!.params = { modelId: (await listModels()).find((m) => m.model === 'gpt-4o-mini')!.id };
});

/** A call to each operation that would succeed with the right key. */
const validCalls: Record<string, ApiCall> = {
  listPrompts: {},
  createPrompt: { body: { name: 'new-one', template: 'hi' } },
  getPrompt: { params: { name: 'shop/checkout' } },
  listVersions: { params: { name: 'shop/checkout' } },
  createVersion: { params: { name: 'shop/checkout' }, body: { template: 'v3 {{ name }}' } },
  moveLabel: { params: { name: 'shop/checkout', label: 'staging' }, body: { version: 1 } },
  labelHistory: { params: { name: 'shop/checkout' } },
  renderPrompt: { params: { name: 'shop/checkout' }, body: { variables: { name: 'x' } } },
  resolvePrompt: { params: { name: 'shop/checkout' }, body: { unitId: 'u1', variables: { name: 'x' } } },
  // The execution's id is filled in once beforeAll has resolved one.
  completeExecution: { body: { status: 'success' } },
  recordExecutionMetric: { body: { name: 'conversion', value: 1 } },
  recordMetrics: {},
  listExperiments: {},
  createExperiment: { body: experimentBody('checkout-next', 'shop/checkout') },
  getExperiment: { params: { key: 'checkout-test' } },
  editExperiment: { params: { key: 'checkout-test' }, body: { name: 'Renamed' } },
  transitionExperiment: { params: { key: 'checkout-test', transition: 'start' } },
  declareWinner: { params: { key: 'checkout-test' }, body: { variant: 'b' } },
  experimentResults: { params: { key: 'checkout-test' } },
  runPrompt: { params: { name: 'shop/assistant' }, body: { variables: { topic: 'returns' } } },
  createChatCompletion: { body: { model: 'prompt:shop/assistant', variables: { topic: 'returns' } } },
  listModels: {},
  createModel: { body: { provider: 'openai', model: 'acme-tuned', inputPerMillion: '1', outputPerMillion: '2' } },
  // The model's id is filled in once beforeAll has read the catalog.
  changeModel: { body: { inputPerMillion: '0.2' } },
  listDatasets: {},
  createDataset: { body: { name: 'new-set' } },
  getDataset: { params: { dataset: 'cases' } },
  listDatasetItems: { params: { dataset: 'cases' } },
  createDatasetVersion: { params: { dataset: 'cases' }, body: { items: [{ variables: { q: 'x' } }], mode: 'append' } },
  // The execution's id is filled in once beforeAll has resolved one.
  addDatasetItemFromExecution: { params: { dataset: 'cases' }, body: {} },
  createEvalRun: { body: { dataset: 'cases', prompt: 'shop/assistant', evaluators: [{ type: 'json_valid', name: 'json' }] } },
  listEvalRuns: {},
  // No run exists: these answer 404 to a good key, and 401 to a bad one first.
  getEvalRun: { params: { runId: '0190c0de-0000-7000-8000-000000000001' } },
  listEvalResults: { params: { runId: '0190c0de-0000-7000-8000-000000000001' } },
  cancelEvalRun: { params: { runId: '0190c0de-0000-7000-8000-000000000001' } },
  compareEvalRuns: { query: { runs: '0190c0de-0000-7000-8000-000000000001,0190c0de-0000-7000-8000-000000000002' } },
  getGate: { params: { name: 'shop/checkout' } },
  setGate: { params: { name: 'shop/checkout' }, body: { dataset: 'cases' } },
  checkGate: { params: { name: 'shop/checkout' }, query: { version: 1 } },
  // The execution's id is filled in once beforeAll has resolved one.
  scoreExecution: { body: { name: 'thumbs', value: 1 } },
  listExecutionScores: {},
  getServingSnapshot: {},
  recordEvents: { body: { executions: [{ id: '0190c0de-0000-7000-8000-0000000000e1', prompt: 'shop/checkout', version: 1 }] } },
};

describe('401 unauthorized', () => {
  const guarded = operations.filter((op) => op.role !== null);

  it('has a valid call for every guarded operation', () => {
    expect(Object.keys(validCalls).sort()).toEqual(guarded.map((op) => op.id).sort());
  });

  const callers: [string, (call: ApiCall) => ApiCall][] = [
    ['no key', (call) => call],
    ['an unknown key', (call) => ({ ...call, key: 'vrs_not-a-key-anyone-was-given' })],
    ['a revoked key', (call) => ({ ...call, key: keys.revoked })],
    ['a key sent as Basic auth', (call) => ({ ...call, headers: { authorization: `Basic ${keys.admin}` } })],
  ];

  for (const [who, as] of callers) {
    it(`refuses ${who} on every guarded operation and changes nothing`, async () => {
      for (const op of guarded) {
        const res = await leavesDatabaseAsItWas(() => callApi(op.id, as(validCalls[op.id]!)));
        expect(res.body?.error?.code, op.id).toBe('unauthorized');
        expect(res.status, op.id).toBe(401);
      }
    });
  }

  it('serves the OpenAPI document without a key', async () => {
    const res = await callApi('getOpenApi');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
  });
});

describe('403 forbidden', () => {
  it('refuses an editor moving production and changes nothing', async () => {
    const res = await leavesDatabaseAsItWas(() =>
      callApi('moveLabel', { key: keys.editor, params: { name: 'shop/checkout', label: 'production' }, body: { version: 1 } }),
    );
    expect(expectError(res, 403, 'forbidden').message).toMatch(/production.*admin/);
    const served = await callApi('getPrompt', { key: keys.viewer, params: { name: 'shop/checkout' } });
    expect(served.body.version).toBe(1);
  });

  it('refuses an editor creating a prompt already labelled production, and keeps no prompt', async () => {
    const res = await leavesDatabaseAsItWas(() =>
      callApi('createPrompt', { key: keys.editor, body: { name: 'sneaky', template: 'x', labels: ['production'] } }),
    );
    expectError(res, 403, 'forbidden');
    expectError(await callApi('getPrompt', { key: keys.viewer, params: { name: 'sneaky' }, query: { label: 'latest' } }), 404, 'not_found');
  });

  it('refuses an editor saving a version straight to production, and keeps no version', async () => {
    const res = await leavesDatabaseAsItWas(() =>
      callApi('createVersion', { key: keys.editor, params: { name: 'shop/checkout' }, body: { template: 'v3', labels: ['staging', 'production'] } }),
    );
    expectError(res, 403, 'forbidden');
  });
});

describe('404 not found', () => {
  it('says which prompt does not exist, on every operation that names one', async () => {
    for (const op of operations.filter((o) => o.path.includes('{name}'))) {
      const call = validCalls[op.id]!;
      const res = await leavesDatabaseAsItWas(() =>
        callApi(op.id, { ...call, key: keys.admin, params: { ...call.params, name: 'no/such-prompt' } }),
      );
      expect(expectError(res, 404, 'not_found').message, op.id).toMatch(/Prompt "no\/such-prompt" does not exist/);
    }
  });

  it('says which version does not exist', async () => {
    const get = await callApi('getPrompt', { key: keys.viewer, params: { name: 'shop/checkout' }, query: { version: 9 } });
    expect(expectError(get, 404, 'not_found').message).toMatch(/has no version 9/);
    const render = await callApi('renderPrompt', { key: keys.viewer, params: { name: 'shop/checkout' }, body: { version: 9 } });
    expect(expectError(render, 404, 'not_found').message).toMatch(/has no version 9/);
    const move = await leavesDatabaseAsItWas(() =>
      callApi('moveLabel', { key: keys.admin, params: { name: 'shop/checkout', label: 'production' }, body: { version: 9 } }),
    );
    expect(expectError(move, 404, 'not_found').message).toMatch(/has no version 9/);
  });

  it('says which label does not exist', async () => {
    const get = await callApi('getPrompt', { key: keys.viewer, params: { name: 'shop/checkout' }, query: { label: 'canary' } });
    expect(expectError(get, 404, 'not_found').message).toMatch(/has no label "canary"/);
    const render = await callApi('renderPrompt', { key: keys.viewer, params: { name: 'shop/checkout' }, body: { label: 'canary' } });
    expect(expectError(render, 404, 'not_found').message).toMatch(/has no label "canary"/);
  });

  it('answers 404 for a prompt with no production label yet', async () => {
    await givenPrompt('undeployed');
    const res = await callApi('getPrompt', { key: keys.viewer, params: { name: 'undeployed' } });
    expect(expectError(res, 404, 'not_found').message).toMatch(/has no label "production"/);
  });

  it('answers 404, not a server error, for a name with a stray percent sign', async () => {
    const res = await callApi('listVersions', { key: keys.viewer, params: { name: '100%' }, rawParams: true });
    expectError(res, 404, 'not_found');
  });
});

describe('409 conflict', () => {
  it('refuses a name that is taken and changes nothing', async () => {
    const res = await leavesDatabaseAsItWas(() =>
      callApi('createPrompt', { key: keys.admin, body: { name: 'shop/checkout', template: 'again' } }),
    );
    expect(expectError(res, 409, 'conflict').message).toMatch(/"shop\/checkout" already exists/);
  });

  it('refuses moving `latest` by hand, for admins too', async () => {
    const res = await leavesDatabaseAsItWas(() =>
      callApi('moveLabel', { key: keys.admin, params: { name: 'shop/checkout', label: 'latest' }, body: { version: 1 } }),
    );
    expect(expectError(res, 409, 'conflict').message).toMatch(/latest/);
  });

  it('refuses `latest` among the labels of a new prompt or version, keeping nothing', async () => {
    const prompt = await leavesDatabaseAsItWas(() =>
      callApi('createPrompt', { key: keys.admin, body: { name: 'with-latest', template: 'x', labels: ['latest'] } }),
    );
    expectError(prompt, 409, 'conflict');
    const version = await leavesDatabaseAsItWas(() =>
      callApi('createVersion', { key: keys.admin, params: { name: 'shop/checkout' }, body: { template: 'x', labels: ['staging', 'latest'] } }),
    );
    expectError(version, 409, 'conflict');
  });

  it('gives one of two simultaneous creations of a name 201 and the other 409', async () => {
    const body = { name: 'race/one', template: 'x' };
    const results = await Promise.all([
      callApi('createPrompt', { key: keys.editor, body }),
      callApi('createPrompt', { key: keys.admin, body }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expectError(results.find((r) => r.status !== 201)!, 409, 'conflict');
  });
});
