// Phoenix tracing end to end: the API's calls, a fake OpenAI on 127.0.0.1, and an OTLP
// receiver standing in for Phoenix, decoding what the real exporter sends.
import { context, trace } from '@opentelemetry/api';
import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { executions } from '@/db/schema';
import { resetEnvForTests } from '@/lib/env';
import { createPrompt, createVersion } from '@/lib/prompts/registry';
import { newPromptInput, newVersionInput } from '@/lib/prompts/schemas';
import { registerTracing, type Tracing } from '@/lib/tracing/register';
import { tracingOn } from '@/lib/tracing/state';
import { admin } from '@/tests/support/actors';
import { callApi, withApiKeys } from '@/tests/support/api';
import { withTestDatabase } from '@/tests/support/db';
import { executionRow, givenExperiment } from '@/tests/support/experiments';
import { countPromptTokens, countTokens, startFakeOpenAI, type FakeOpenAI } from '@/tests/support/fake-openai';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '@/tests/support/otlp-receiver';

withTestDatabase();
const keys = withApiKeys();
let fake: FakeOpenAI;
let receiver: OtlpReceiver;
let tracing: Tracing | null;

const PROJECT = 'verso-tracing-tests';
const TEMPLATES: Record<number, string> = { 1: 'Hello {{ name }}', 2: 'Hi there {{ name }}' };
const MODEL = { provider: 'openai', model: 'gpt-4o-mini', temperature: 0.3 };

beforeAll(async () => {
  fake = await startFakeOpenAI();
  receiver = await startOtlpReceiver();
  process.env.OPENAI_API_KEY = 'sk-test';
  process.env.OPENAI_BASE_URL = fake.url;
  process.env.PHOENIX_COLLECTOR_ENDPOINT = receiver.url;
  process.env.PHOENIX_PROJECT_NAME = PROJECT;
  process.env.PHOENIX_API_KEY = 'phx-secret';
  resetEnvForTests();
  tracing = registerTracing();
});

beforeAll(async () => {
  await createPrompt(admin, newPromptInput.parse({ name: 'greet', template: TEMPLATES[1], modelConfig: MODEL, labels: ['production'] }));
  await createVersion(admin, 'greet', newVersionInput.parse({ template: TEMPLATES[2], modelConfig: MODEL, commitMessage: 'v2' }));
  await givenExperiment('greeting', 'greet', {}, { start: true });
});

afterAll(async () => {
  await tracing?.shutdown();
  await fake.close();
  await receiver.close();
  for (const name of ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'PHOENIX_COLLECTOR_ENDPOINT', 'PHOENIX_PROJECT_NAME', 'PHOENIX_API_KEY']) delete process.env[name];
  resetEnvForTests();
});

beforeEach(() => fake.reset());

const kindOf = (span: ReceivedSpan) => span.attributes['openinference.span.kind'];

/** Every span of the trace once its CHAIN span has arrived. */
async function spansOfTrace(traceId: string): Promise<ReceivedSpan[]> {
  await tracing!.flush();
  const spans = await receiver.waitForSpans((all) => all.some((s) => s.traceId === traceId && kindOf(s) === 'CHAIN'));
  return spans.filter((s) => s.traceId === traceId);
}

/** A span's ancestors, nearest first; throws when a parent was not exported. */
function ancestorsOf(span: ReceivedSpan, spans: ReceivedSpan[]): ReceivedSpan[] {
  const chain: ReceivedSpan[] = [];
  for (let parentId = span.parentSpanId; parentId !== undefined; ) {
    const parent = spans.find((s) => s.spanId === parentId);
    if (!parent) throw new Error(`span ${parentId}, parent of ${span.name}, was not exported`);
    chain.push(parent);
    parentId = parent.parentSpanId;
  }
  return chain;
}

const only = (spans: ReceivedSpan[], kind: string) => {
  const found = spans.filter((s) => kindOf(s) === kind);
  expect(found.map((s) => s.name), `${kind} spans`).toHaveLength(1);
  return found[0]!;
};

describe('tracing on', () => {
  it('registers a recording tracer provider', () => {
    expect(tracing).not.toBeNull();
    expect(tracingOn()).toBe(true);
    const span = trace.getTracer('probe').startSpan('probe');
    expect(span.isRecording()).toBe(true);
    span.end();
  });

  it('traces a run as a root CHAIN span with the prompt, and the model call as an LLM span under it', async () => {
    const res = await callApi('runPrompt', {
      key: keys.service,
      params: { name: 'greet' },
      body: { unitId: 'ada@example.com', sessionId: 'session-1', variables: { name: 'Ada' }, metadata: { channel: 'email' } },
    });
    expect(res.status).toBe(200);
    const answer = res.body;
    expect(answer.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(answer.experiment?.key).toBe('greeting');
    const row = await executionRow(answer.executionId);
    expect(row?.traceId).toBe(answer.traceId);

    const spans = await spansOfTrace(answer.traceId);
    const chain = only(spans, 'CHAIN');
    expect(chain.name).toBe('greet');
    expect(chain.parentSpanId).toBeUndefined();
    expect({ traceId: chain.traceId, spanId: chain.spanId }).toEqual({ traceId: row!.traceId, spanId: row!.spanId });
    expect(chain.status.code).toBe(1);
    const rendered = TEMPLATES[answer.version]!.replace('{{ name }}', 'Ada');
    expect(chain.attributes).toMatchObject({
      'llm.prompt_template.template': TEMPLATES[answer.version],
      'llm.prompt_template.variables': JSON.stringify({ name: 'Ada' }),
      'llm.prompt_template.version': String(answer.version),
      'input.value': JSON.stringify([{ role: 'user', content: rendered }]),
      'output.value': answer.output,
      'user.id': 'ada@example.com',
      'session.id': 'session-1',
    });
    expect(JSON.parse(chain.attributes.metadata as string)).toMatchObject({
      prompt: 'greet',
      version: answer.version,
      label: null,
      experiment: 'greeting',
      variant: answer.experiment.variant,
      executionId: answer.executionId,
    });
    expect(chain.resource['openinference.project.name']).toBe(PROJECT);

    const llm = only(spans, 'LLM');
    // The AI SDK's generateText span sits between them (openinference-vercel calls it an AGENT).
    expect(ancestorsOf(llm, spans).map((s) => [s.name, kindOf(s)])).toEqual([
      ['ai.generateText', 'AGENT'],
      ['greet', 'CHAIN'],
    ]);
    const sent = [{ role: 'user', content: rendered }];
    const usage = { prompt: countPromptTokens(sent), completion: countTokens(answer.output) };
    expect(answer.usage).toEqual({ inputTokens: usage.prompt, outputTokens: usage.completion });
    expect(llm.attributes).toMatchObject({
      'llm.model_name': 'gpt-4o-mini',
      'llm.provider': 'openai',
      'llm.system': 'openai',
      'llm.input_messages.0.message.role': 'user',
      'llm.input_messages.0.message.content': rendered,
      'llm.output_messages.0.message.role': 'assistant',
      'llm.output_messages.0.message.content': answer.output,
      'llm.token_count.prompt': usage.prompt,
      'llm.token_count.completion': usage.completion,
      'llm.token_count.total': usage.prompt + usage.completion,
    });
    expect(JSON.parse(llm.attributes['llm.invocation_parameters'] as string)).toMatchObject({ temperature: 0.3 });
    // No empty attributes reach Phoenix (openinference-vercel writes some for absent tool calls).
    for (const span of spans) expect(Object.entries(span.attributes).filter(([, v]) => v === null)).toEqual([]);
  });

  it('sends the project as a resource attribute and the API key on the export request', async () => {
    await callApi('resolvePrompt', { key: keys.service, params: { name: 'greet' }, body: { variables: { name: 'Kay' } } });
    await tracing!.flush();
    expect(receiver.requests.length).toBeGreaterThan(0);
    for (const request of receiver.requests) {
      expect(request.headers).toMatchObject({ api_key: 'phx-secret', authorization: 'Bearer phx-secret', 'content-type': 'application/x-protobuf' });
    }
    expect(new Set(receiver.spans.map((s) => s.resource['openinference.project.name']))).toEqual(new Set([PROJECT]));
  });

  it('traces a streamed run with the same LLM attributes', async () => {
    const res = await callApi('runPrompt', { key: keys.service, params: { name: 'greet' }, body: { unitId: 'streamer', variables: { name: 'Sid' }, stream: true } });
    expect(res.status).toBe(200);
    const summary = JSON.parse(/event: summary\ndata: (.*)\n/.exec(res.body as string)![1]!);
    const spans = await spansOfTrace(summary.traceId);
    const llm = only(spans, 'LLM');
    expect(ancestorsOf(llm, spans).at(-1)?.spanId).toBe(only(spans, 'CHAIN').spanId);
    expect(llm.attributes).toMatchObject({
      'llm.provider': 'openai',
      'llm.output_messages.0.message.content': summary.output,
      'llm.token_count.prompt': summary.usage.inputTokens,
      'llm.token_count.completion': summary.usage.outputTokens,
      'llm.token_count.total': summary.usage.inputTokens + summary.usage.outputTokens,
    });
  });

  it('traces a resolve as a CHAIN span with the template, and stores its trace id', async () => {
    const res = await callApi('resolvePrompt', { key: keys.service, params: { name: 'greet' }, body: { unitId: 'bo', sessionId: 'session-2', variables: { name: 'Bo' } } });
    expect(res.status).toBe(200);
    const row = await executionRow(res.body.executionId);
    expect(row?.source).toBe('resolve');
    expect(row?.traceId).toMatch(/^[0-9a-f]{32}$/);

    const spans = await spansOfTrace(row!.traceId!);
    // Nothing called a model: the CHAIN span is the whole trace.
    expect(spans.map((s) => [s.name, kindOf(s)])).toEqual([['greet', 'CHAIN']]);
    const [chain] = spans;
    expect(chain!.parentSpanId).toBeUndefined();
    expect(chain!.spanId).toBe(row!.spanId);
    expect(chain!.attributes).toMatchObject({
      'llm.prompt_template.template': TEMPLATES[res.body.version],
      'llm.prompt_template.variables': JSON.stringify({ name: 'Bo' }),
      'llm.prompt_template.version': String(res.body.version),
      'output.value': res.body.text,
      'user.id': 'bo',
      'session.id': 'session-2',
    });
    expect(JSON.parse(chain!.attributes.metadata as string)).toMatchObject({ executionId: res.body.executionId, experiment: 'greeting', variant: res.body.experiment.variant });
  });

  it('marks the CHAIN span of a failed run as an error', async () => {
    fake.enqueue({ status: 400, message: 'The prompt is malformed.' });
    const res = await callApi('runPrompt', { key: keys.service, params: { name: 'greet' }, body: { unitId: 'eve', variables: { name: 'Eve' } } });
    expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 502, code: 'provider_error' });
    const [row] = await getDb()
      .select()
      .from(executions)
      .where(and(eq(executions.unitId, 'eve'), eq(executions.status, 'error')))
      .orderBy(desc(executions.createdAt));
    expect(row?.traceId).toMatch(/^[0-9a-f]{32}$/);

    const spans = await spansOfTrace(row!.traceId!);
    const chain = only(spans, 'CHAIN');
    expect(chain.spanId).toBe(row!.spanId);
    expect(chain.status.code).toBe(2);
    expect(chain.status.message).toContain('The prompt is malformed.');
    expect(chain.attributes['output.value']).toBeUndefined();
    expect(only(spans, 'LLM').status.code).toBe(2);
  });

  it('keeps the CHAIN span a root under a framework span, and does not export non-OpenInference spans', async () => {
    const request = trace.getTracer('next.js').startSpan('POST /api/v1/prompts/[name]/run', { attributes: { 'http.method': 'POST' } });
    const res = await context.with(trace.setSpan(context.active(), request), () =>
      callApi('runPrompt', { key: keys.service, params: { name: 'greet' }, body: { unitId: 'nina', variables: { name: 'Nina' } } }),
    );
    request.end();
    expect(res.status).toBe(200);
    const spans = await spansOfTrace(res.body.traceId);
    expect(only(spans, 'CHAIN').parentSpanId).toBeUndefined();
    expect(res.body.traceId).not.toBe(request.spanContext().traceId);
    // flush has exported everything that ended, the framework span included had it been kept.
    await tracing!.flush();
    expect(receiver.spans.filter((s) => s.traceId === request.spanContext().traceId || s.name.startsWith('POST '))).toEqual([]);
    expect(receiver.spans.filter((s) => typeof kindOf(s) !== 'string')).toEqual([]);
  });

  it('traces a gateway call to a prompt as CHAIN and LLM spans', async () => {
    const res = await callApi('createChatCompletion', {
      key: keys.service,
      body: { model: 'prompt:greet', user: 'gus', session_id: 'session-3', variables: { name: 'Gus' }, messages: [{ role: 'user', content: 'and hello again' }] },
    });
    expect(res.status).toBe(200);
    const row = await executionRow(res.headers.get('x-verso-execution-id')!);
    expect(row?.source).toBe('gateway');
    const spans = await spansOfTrace(row!.traceId!);
    const chain = only(spans, 'CHAIN');
    expect(chain).toMatchObject({ name: 'greet', parentSpanId: undefined, spanId: row!.spanId });
    expect(chain.attributes).toMatchObject({
      'llm.prompt_template.template': TEMPLATES[row!.version!],
      'llm.prompt_template.variables': JSON.stringify({ name: 'Gus' }),
      'user.id': 'gus',
      'session.id': 'session-3',
      'output.value': res.body.choices[0].message.content,
    });
    const llm = only(spans, 'LLM');
    expect(ancestorsOf(llm, spans).at(-1)?.spanId).toBe(chain.spanId);
    expect(llm.attributes).toMatchObject({
      'llm.model_name': 'gpt-4o-mini',
      'llm.provider': 'openai',
      'llm.input_messages.0.message.content': TEMPLATES[row!.version!]!.replace('{{ name }}', 'Gus'),
      'llm.input_messages.1.message.role': 'user',
      'llm.input_messages.1.message.content': 'and hello again',
      'llm.output_messages.0.message.content': res.body.choices[0].message.content,
      'llm.token_count.prompt': res.body.usage.prompt_tokens,
      'llm.token_count.completion': res.body.usage.completion_tokens,
      'llm.token_count.total': res.body.usage.total_tokens,
    });
  });

  it('traces a gateway call in proxy mode as a CHAIN span named after the model', async () => {
    const res = await callApi('createChatCompletion', { key: keys.service, body: { model: 'gpt-4o-mini', temperature: 0.9, messages: [{ role: 'user', content: 'just the model' }] } });
    expect(res.status).toBe(200);
    const row = await executionRow(res.headers.get('x-verso-execution-id')!);
    expect(row?.source).toBe('proxy');
    const spans = await spansOfTrace(row!.traceId!);
    const chain = only(spans, 'CHAIN');
    expect(chain).toMatchObject({ name: 'gpt-4o-mini', parentSpanId: undefined, spanId: row!.spanId });
    expect(chain.attributes['llm.prompt_template.template']).toBeUndefined();
    const llm = only(spans, 'LLM');
    expect(ancestorsOf(llm, spans).at(-1)?.spanId).toBe(chain.spanId);
    expect(llm.attributes).toMatchObject({ 'llm.provider': 'openai', 'llm.input_messages.0.message.content': 'just the model', 'llm.token_count.total': res.body.usage.total_tokens });
    expect(JSON.parse(llm.attributes['llm.invocation_parameters'] as string)).toMatchObject({ temperature: 0.9 });
  });
});
