import { beforeAll, describe, expect, it } from 'vitest';
import { operations } from '@/lib/api/openapi';
import { resolvePrompt } from '@/lib/executions/resolve';
import { resolveInput } from '@/lib/executions/schemas';
import { listModels } from '@/lib/models/catalog';
import type { Role } from '@/lib/auth/roles';
import { callApi, withApiKeys, type ApiCall } from '../support/api';
import { withTestDatabase } from '../support/db';
import { experimentBody, givenExperiment, uniqueKey } from '../support/experiments';
import { givenModelPrompt, withFakeOpenAI } from '../support/model-env';
import { givenPrompt, uniqueName } from '../support/prompts';
import { leavesDatabaseAsItWas } from '../support/snapshot';

// viewers read, editors write prompts and versions and move unprotected labels, admins do everything.

withTestDatabase();

const keys = withApiKeys();
withFakeOpenAI();
beforeAll(async () => {
  await givenPrompt('rbac/base', { versions: 3, labels: ['production', 'staging'] });
  await givenModelPrompt('rbac/run', { template: 'Say hi', modelConfig: { provider: 'openai', model: 'gpt-4o-mini' } });
});

type Row = { operationId: string; doing: string; call: () => Promise<ApiCall> | ApiCall; expected: Record<Role, number> };

const prompt = { name: 'rbac/base' };
let flip = 0;
/** Alternates between versions 1 and 2, so that every move really moves the label. */
const nextVersion = () => ({ version: (flip++ % 2) + 1 });

const table: Row[] = [
  { operationId: 'listPrompts', doing: 'list prompts', call: () => ({}), expected: { viewer: 200, editor: 200, admin: 200 } },
  { operationId: 'getPrompt', doing: 'get a version', call: () => ({ params: prompt }), expected: { viewer: 200, editor: 200, admin: 200 } },
  { operationId: 'listVersions', doing: 'list versions', call: () => ({ params: prompt }), expected: { viewer: 200, editor: 200, admin: 200 } },
  { operationId: 'labelHistory', doing: 'read label history', call: () => ({ params: prompt }), expected: { viewer: 200, editor: 200, admin: 200 } },
  {
    operationId: 'renderPrompt',
    doing: 'render',
    call: () => ({ params: prompt, body: { variables: { name: 'x' } } }),
    expected: { viewer: 200, editor: 200, admin: 200 },
  },
  {
    operationId: 'createPrompt',
    doing: 'create a prompt',
    call: () => ({ body: { name: uniqueName('rbac/new'), template: 'hi {{ who }}' } }),
    expected: { viewer: 403, editor: 201, admin: 201 },
  },
  {
    operationId: 'createPrompt',
    doing: 'create a prompt labelled production',
    call: () => ({ body: { name: uniqueName('rbac/new'), template: 'hi', labels: ['production'] } }),
    expected: { viewer: 403, editor: 403, admin: 201 },
  },
  {
    operationId: 'createVersion',
    doing: 'save a version',
    call: () => ({ params: prompt, body: { template: 'next {{ name }}', labels: ['staging'] } }),
    expected: { viewer: 403, editor: 201, admin: 201 },
  },
  {
    operationId: 'createVersion',
    doing: 'save a version labelled production',
    call: () => ({ params: prompt, body: { template: 'next {{ name }}', labels: ['production'] } }),
    expected: { viewer: 403, editor: 403, admin: 201 },
  },
  {
    operationId: 'moveLabel',
    doing: 'move staging',
    call: () => ({ params: { ...prompt, label: 'staging' }, body: nextVersion() }),
    expected: { viewer: 403, editor: 200, admin: 200 },
  },
  {
    operationId: 'moveLabel',
    doing: 'create a custom label',
    call: () => ({ params: { ...prompt, label: uniqueName('exp') }, body: { version: 1 } }),
    expected: { viewer: 403, editor: 200, admin: 200 },
  },
  {
    operationId: 'moveLabel',
    doing: 'move production',
    call: () => ({ params: { ...prompt, label: 'production' }, body: nextVersion() }),
    expected: { viewer: 403, editor: 403, admin: 200 },
  },
];

// Experiments and outcomes; tests/integration/experiments-lifecycle.test.ts checks their roles in depth.
const resolved = async () => (await resolvePrompt('rbac/base', resolveInput.parse({ variables: { name: 'x' } }))).executionId;
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
const every = { viewer: 200, editor: 200, admin: 200 };
table.push(
  { operationId: 'resolvePrompt', doing: 'resolve', call: () => ({ params: prompt, body: { unitId: 'u1', variables: { name: 'x' } } }), expected: every },
  { operationId: 'completeExecution', doing: 'complete an execution', call: async () => ({ params: { id: await resolved() }, body: { status: 'success' } }), expected: every },
  { operationId: 'recordExecutionMetric', doing: 'attach a metric', call: async () => ({ params: { id: await resolved() }, body: { name: 'conversion', value: 1 } }), expected: every },
  { operationId: 'recordMetrics', doing: 'attach metrics in a batch', call: async () => ({ body: { items: [{ executionId: await resolved(), name: 'conversion', value: 1 }] } }), expected: every },
  { operationId: 'listExperiments', doing: 'list experiments', call: () => ({}), expected: every },
  { operationId: 'getExperiment', doing: 'read an experiment', call: async () => ({ params: { key: await draftExperiment() } }), expected: every },
  { operationId: 'experimentResults', doing: 'read results', call: async () => ({ params: { key: await draftExperiment() } }), expected: every },
  { operationId: 'createExperiment', doing: 'create an experiment', call: () => ({ body: experimentBody(uniqueKey('rbac'), 'rbac/base') }), expected: { viewer: 403, editor: 201, admin: 201 } },
  { operationId: 'editExperiment', doing: 'edit an experiment', call: async () => ({ params: { key: await draftExperiment() }, body: { name: 'x' } }), expected: { viewer: 403, editor: 200, admin: 200 } },
  { operationId: 'transitionExperiment', doing: 'pause an experiment', call: async () => ({ params: { key: await runningExperiment(), transition: 'pause' } }), expected: { viewer: 403, editor: 403, admin: 200 } },
  { operationId: 'declareWinner', doing: 'declare a winner', call: async () => ({ params: { key: await runningExperiment() }, body: { variant: 'b' } }), expected: { viewer: 403, editor: 403, admin: 200 } },
);

// Running models (against the fake OpenAI) and the model catalog; tests/integration/models-api.test.ts checks the catalog in depth.
const catalogModelId = async () => (await listModels()).find((m) => m.model === 'gpt-4o-mini')!.id;
let reprice = 0;
table.push(
  { operationId: 'runPrompt', doing: 'run a prompt', call: () => ({ params: { name: 'rbac/run' }, body: { unitId: 'u1' } }), expected: every },
  { operationId: 'createChatCompletion', doing: 'call the gateway', call: () => ({ body: { model: 'prompt:rbac/run', user: 'u1' } }), expected: every },
  { operationId: 'listModels', doing: 'list models', call: () => ({}), expected: every },
  {
    operationId: 'createModel',
    doing: 'add a model',
    call: () => ({ body: { provider: 'openai', model: uniqueName('rbac-model'), inputPerMillion: '1', outputPerMillion: '2' } }),
    expected: { viewer: 403, editor: 403, admin: 201 },
  },
  {
    operationId: 'changeModel',
    doing: "change a model's price",
    call: async () => ({ params: { modelId: await catalogModelId() }, body: { inputPerMillion: `0.${++reprice}` } }),
    expected: { viewer: 403, editor: 403, admin: 200 },
  },
);

const roles: Role[] = ['viewer', 'editor', 'admin'];

describe('roles on every operation', () => {
  for (const row of table) {
    for (const role of roles) {
      const status = row.expected[role];
      const allowed = status < 300;
      it(`${allowed ? 'lets' : 'refuses'} a ${role} key ${row.doing}${allowed ? '' : ' and changes nothing'}`, async () => {
        const call = { ...(await row.call()), key: keys[role] };
        const res = allowed ? await callApi(row.operationId, call) : await leavesDatabaseAsItWas(() => callApi(row.operationId, call));
        expect(res.status, JSON.stringify(res.body)).toBe(status);
        if (!allowed) expect(res.body.error.code).toBe('forbidden');
      });
    }
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
