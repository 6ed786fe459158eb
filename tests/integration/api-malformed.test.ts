import { beforeAll, describe, expect, it } from 'vitest';
import { INT4_MAX } from '@/lib/api/int4';
import { MAX_JSON_DEPTH } from '@/lib/api/storable';
import { callApi, expectError, withApiKeys, type ApiCall } from '../support/api';
import { withTestDatabase } from '../support/db';
import { experimentBody, givenExperiment } from '../support/experiments';
import { givenPrompt } from '../support/prompts';
import { leavesDatabaseAsItWas } from '../support/snapshot';

// Malformed requests a client can send by mistake (or on purpose): each answers 4xx in the
// error envelope, never 500, and writes nothing. Postgres cannot store a NUL character, nests
// JSON only so deep, and holds 32-bit integers in its int columns.

withTestDatabase();
const keys = withApiKeys();

const NUL = 'a\u0000b';
const fixture = { executionId: '', modelId: '' };

beforeAll(async () => {
  await givenPrompt('existing', { versions: 2, labels: ['production'], template: 'Hi {{ name | default: "you" }}' });
  await givenExperiment('exp', 'existing');
  const resolved = await callApi('resolvePrompt', { key: keys.admin, params: { name: 'existing' }, body: {} });
  fixture.executionId = resolved.body.executionId;
  const model = await callApi('createModel', { key: keys.admin, body: { provider: 'openai', model: 'm-1', inputPerMillion: 1, outputPerMillion: 2 } });
  fixture.modelId = model.body.id;
});

/** `{ a: { a: … } }`, `levels` objects deep. */
function nested(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = {};
  for (let i = 1; i < levels; i++) value = { a: value };
  return value;
}

// JSON.stringify itself runs out of stack on 5,000 levels, so the deep part is spliced in as text.
const DEEP = '<deep>';
const deepObject = `${'{"a":'.repeat(4_999)}{}${'}'.repeat(4_999)}`;
const deepArray = `${'['.repeat(5_000)}${']'.repeat(5_000)}`;
const withDeep = (body: unknown, deep = deepObject) => ({ rawBody: JSON.stringify(body).replace(`"${DEEP}"`, deep) });

type Case = { what: string; op: string; call: () => ApiCall; status?: number; code?: string; message?: RegExp };

const prompt = { name: 'p-new', template: 'x' };
const exec = () => ({ id: fixture.executionId });

const nulCases: Case[] = [
  // JSON bodies: every kind of text field, and object keys.
  { what: 'prompt name', op: 'createPrompt', call: () => ({ body: { ...prompt, name: NUL } }) },
  { what: 'prompt description', op: 'createPrompt', call: () => ({ body: { ...prompt, description: NUL } }) },
  { what: 'prompt category', op: 'createPrompt', call: () => ({ body: { ...prompt, category: NUL } }) },
  { what: 'prompt tag', op: 'createPrompt', call: () => ({ body: { ...prompt, tags: ['ok', NUL] } }) },
  { what: 'template', op: 'createPrompt', call: () => ({ body: { ...prompt, template: NUL } }) },
  { what: 'chat message', op: 'createPrompt', call: () => ({ body: { name: 'p-new', messages: [{ role: 'user', content: NUL }] } }) },
  { what: 'variable description', op: 'createPrompt', call: () => ({ body: { ...prompt, variables: [{ name: 'v', description: NUL }] } }) },
  { what: 'model config', op: 'createPrompt', call: () => ({ body: { ...prompt, modelConfig: { model: NUL } } }) },
  { what: 'model config extra key', op: 'createPrompt', call: () => ({ body: { ...prompt, modelConfig: { extra: { [NUL]: 1 } } } }) },
  { what: 'commit message', op: 'createVersion', call: () => ({ params: { name: 'existing' }, body: { template: 'y', commitMessage: NUL } }) },
  { what: 'render variable', op: 'renderPrompt', call: () => ({ params: { name: 'existing' }, body: { variables: { name: NUL } } }) },
  { what: 'variable name (a key)', op: 'renderPrompt', call: () => ({ params: { name: 'existing' }, body: { variables: { [NUL]: 'x' } } }) },
  { what: 'resolve variable', op: 'resolvePrompt', call: () => ({ params: { name: 'existing' }, body: { variables: { name: NUL } } }) },
  { what: 'unit id', op: 'resolvePrompt', call: () => ({ params: { name: 'existing' }, body: { unitId: NUL } }) },
  { what: 'session id', op: 'resolvePrompt', call: () => ({ params: { name: 'existing' }, body: { sessionId: NUL } }) },
  { what: 'metadata', op: 'resolvePrompt', call: () => ({ params: { name: 'existing' }, body: { metadata: { deep: [{ note: NUL }] } } }) },
  { what: 'run variable', op: 'runPrompt', call: () => ({ params: { name: 'existing' }, body: { variables: { name: NUL } } }) },
  { what: 'execution output', op: 'completeExecution', call: () => ({ params: exec(), body: { status: 'success', output: NUL } }) },
  { what: 'execution error', op: 'completeExecution', call: () => ({ params: exec(), body: { status: 'error', error: NUL } }) },
  { what: 'metric name', op: 'recordExecutionMetric', call: () => ({ params: exec(), body: { name: NUL, value: 1 } }) },
  { what: 'batch metric name', op: 'recordMetrics', call: () => ({ body: { items: [{ executionId: fixture.executionId, name: NUL, value: 1 }] } }) },
  { what: 'experiment name', op: 'createExperiment', call: () => ({ body: experimentBody('exp-new', 'existing', { name: NUL }) }) },
  { what: 'experiment hypothesis', op: 'editExperiment', call: () => ({ params: { key: 'exp' }, body: { hypothesis: NUL } }) },
  { what: 'experiment salt', op: 'createExperiment', call: () => ({ body: experimentBody('exp-new', 'existing', { salt: NUL }) }) },
  { what: 'winner', op: 'declareWinner', call: () => ({ params: { key: 'exp' }, body: { variant: NUL } }) },
  { what: 'gateway message', op: 'createChatCompletion', call: () => ({ body: { model: 'prompt:existing', messages: [{ role: 'user', content: NUL }] } }) },
  { what: 'gateway user', op: 'createChatCompletion', call: () => ({ body: { model: 'prompt:existing', user: NUL } }) },
  { what: 'gateway model', op: 'createChatCompletion', call: () => ({ body: { model: `prompt:${NUL}` } }) },
  { what: 'model display name', op: 'createModel', call: () => ({ body: { provider: 'openai', model: 'm-2', displayName: NUL, inputPerMillion: 1, outputPerMillion: 1 } }) },
  { what: 'model price source', op: 'changeModel', call: () => ({ params: { modelId: fixture.modelId }, body: { priceSource: NUL } }) },
  // Query strings and path parameters.
  { what: 'search query', op: 'listPrompts', call: () => ({ query: { q: NUL } }) },
  { what: 'tag filter', op: 'listPrompts', call: () => ({ query: { tag: NUL } }) },
  { what: 'label selector', op: 'getPrompt', call: () => ({ params: { name: 'existing' }, query: { label: NUL } }) },
  { what: 'prompt filter', op: 'listExperiments', call: () => ({ query: { prompt: NUL } }) },
  { what: 'prompt name in the path', op: 'getPrompt', call: () => ({ params: { name: NUL } }) },
  { what: 'prompt name in the path', op: 'resolvePrompt', call: () => ({ params: { name: NUL }, body: {} }) },
  { what: 'prompt name in the path', op: 'labelHistory', call: () => ({ params: { name: NUL } }) },
  { what: 'prompt name in the path', op: 'listVersions', call: () => ({ params: { name: NUL } }) },
];

const depthCases: Case[] = [
  { what: 'render variables', op: 'renderPrompt', call: () => ({ params: { name: 'existing' }, ...withDeep({ variables: { name: DEEP } }) }) },
  { what: 'resolve variables', op: 'resolvePrompt', call: () => ({ params: { name: 'existing' }, ...withDeep({ variables: { name: DEEP } }) }) },
  { what: 'resolve metadata', op: 'resolvePrompt', call: () => ({ params: { name: 'existing' }, ...withDeep({ metadata: DEEP }) }) },
  { what: 'run metadata', op: 'runPrompt', call: () => ({ params: { name: 'existing' }, ...withDeep({ metadata: DEEP }) }) },
  { what: 'gateway variables', op: 'createChatCompletion', call: () => withDeep({ model: 'prompt:existing', variables: { x: DEEP } }) },
  { what: 'gateway metadata', op: 'createChatCompletion', call: () => withDeep({ model: 'prompt:existing', metadata: DEEP }) },
  { what: 'model config extra', op: 'createPrompt', call: () => withDeep({ ...prompt, modelConfig: { extra: DEEP } }) },
  { what: 'a deep array', op: 'resolvePrompt', call: () => ({ params: { name: 'existing' }, ...withDeep({ metadata: { list: DEEP } }, deepArray) }) },
];

const BIG = 2 ** 31;
const int4Cases: Case[] = [
  { what: 'label version', op: 'moveLabel', call: () => ({ params: { name: 'existing', label: 'staging' }, body: { version: BIG } }) },
  { what: 'version query', op: 'getPrompt', call: () => ({ params: { name: 'existing' }, query: { version: '99999999999' } }) },
  { what: 'render version', op: 'renderPrompt', call: () => ({ params: { name: 'existing' }, body: { version: BIG } }) },
  { what: 'input tokens', op: 'completeExecution', call: () => ({ params: exec(), body: { status: 'success', inputTokens: BIG } }) },
  { what: 'output tokens', op: 'completeExecution', call: () => ({ params: exec(), body: { status: 'success', outputTokens: BIG } }) },
  { what: 'latency', op: 'completeExecution', call: () => ({ params: exec(), body: { status: 'success', latencyMs: BIG } }) },
  {
    what: 'variant version',
    op: 'createExperiment',
    call: () => ({ body: experimentBody('exp-new', 'existing', { variants: [{ key: 'control', version: 1, control: true }, { key: 'b', version: BIG }] }) }),
  },
  { what: 'variant version in an edit', op: 'editExperiment', call: () => ({ params: { key: 'exp' }, body: { variants: [{ key: 'control', version: BIG, weight: 1 }, { key: 'b', version: 2, weight: 1 }] } }) },
  { what: 'gateway max_tokens', op: 'createChatCompletion', call: () => ({ body: { model: 'prompt:existing', max_tokens: BIG } }) },
];

const metricCases: Case[] = [
  { what: 'a metric of 1e200', op: 'recordExecutionMetric', call: () => ({ params: exec(), body: { name: 'rating', value: 1e200 } }) },
  { what: 'a metric of -1e200', op: 'recordExecutionMetric', call: () => ({ params: exec(), body: { name: 'rating', value: -1e200 } }) },
  { what: 'a metric of 1e200 in a batch', op: 'recordMetrics', call: () => ({ body: { items: [{ executionId: fixture.executionId, name: 'rating', value: 1e200 }] } }) },
  { what: 'a metric just past 1e15', op: 'recordMetrics', call: () => ({ body: { items: [{ executionId: fixture.executionId, name: 'rating', value: 1.0000001e15 }] } }) },
];

const escapeCases: Case[] = [
  { what: 'a cut-off UTF-8 escape in a prompt name', op: 'resolvePrompt', call: () => ({ rawParams: true, params: { name: '%E0%A4%A' }, body: {} }), status: 404, code: 'not_found' },
  { what: 'a bad escape in a prompt name', op: 'getPrompt', call: () => ({ rawParams: true, params: { name: '%zz' } }), status: 404, code: 'not_found' },
  { what: 'a bad escape in an execution id', op: 'completeExecution', call: () => ({ rawParams: true, params: { id: '%zz' }, body: { status: 'success' } }) },
  { what: 'a bad escape in an experiment key', op: 'experimentResults', call: () => ({ rawParams: true, params: { key: '%E0%A4%A' } }) },
  { what: 'a bad escape in a label', op: 'moveLabel', call: () => ({ rawParams: true, params: { name: 'existing', label: '%zz' }, body: { version: 1 } }) },
];

async function refuses({ op, call, status = 400, code = 'invalid' }: Case) {
  const res = await leavesDatabaseAsItWas(() => callApi(op, { key: keys.admin, ...call() }));
  return expectError(res, status, code);
}

describe('a NUL character, anywhere a request carries text', () => {
  it.each(nulCases.map((c) => [`${c.op}: ${c.what}`, c] as const))('%s: 400 naming the field', async (_, c) => {
    const error = await refuses(c);
    expect(error.message).toMatch(/NUL character/);
    expect(error.details).toMatchObject({ issues: [{ code: 'nul_character' }] });
  });

  it('names the field that holds it', async () => {
    const error = await refuses(nulCases.find((c) => c.what === 'metadata')!);
    expect(error.message).toBe('Invalid body: metadata.deep.0.note: text cannot contain the NUL character (\\u0000)');
  });
});

describe(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`, () => {
  it.each(depthCases.map((c) => [`${c.op}: ${c.what}`, c] as const))('%s: 400 saying the limit', async (_, c) => {
    const error = await refuses(c);
    expect(error.message).toMatch(new RegExp(`deeper than ${MAX_JSON_DEPTH} levels`));
  });

  it(`stores metadata nested ${MAX_JSON_DEPTH} levels deep, the body included, and refuses one more`, async () => {
    const fits = await callApi('resolvePrompt', { key: keys.admin, params: { name: 'existing' }, body: { metadata: nested(MAX_JSON_DEPTH - 1) } });
    expect(fits.status).toBe(200);
    await refuses({ what: 'one level more', op: 'resolvePrompt', call: () => ({ params: { name: 'existing' }, body: { metadata: nested(MAX_JSON_DEPTH) } }) });
  });
});

describe('integers beyond a 32-bit column', () => {
  it.each(int4Cases.map((c) => [`${c.op}: ${c.what}`, c] as const))('%s: 400 with the limit', async (_, c) => {
    const error = await refuses(c);
    expect(error.message).toMatch(/<=(2147483647|86400000)/);
  });

  it(`still accepts ${INT4_MAX} itself where a version is compared`, async () => {
    const res = await callApi('getPrompt', { key: keys.admin, params: { name: 'existing' }, query: { version: INT4_MAX } });
    expectError(res, 404, 'not_found');
  });
});

describe('metric values outside ±1e15', () => {
  it.each(metricCases.map((c) => [c.what, c] as const))('%s: 400', async (_, c) => {
    expect((await refuses(c)).message).toMatch(/between -1e15 and 1e15/);
  });

  it('accepts 1e15 itself', async () => {
    const res = await callApi('recordExecutionMetric', { key: keys.admin, params: exec(), body: { name: 'big', value: -1e15 } });
    expect(res.status).toBe(200);
  });
});

describe('a bad percent-escape in the path', () => {
  it.each(escapeCases.map((c) => [`${c.op}: ${c.what}`, c] as const))('%s: 4xx in the envelope', async (_, c) => {
    await refuses(c);
  });
});

describe('what the checks leave alone', () => {
  it('accepts text with other control characters and non-ASCII text', async () => {
    const name = 'tab\there, bell\u0007, नमस्ते';
    const res = await callApi('resolvePrompt', { key: keys.admin, params: { name: 'existing' }, body: { variables: { name } } });
    expect(res.status).toBe(200);
    expect(res.body.text).toBe(`Hi ${name}`);
  });
});
