// Without PHOENIX_COLLECTOR_ENDPOINT nothing is registered: no provider, no spans, no exports,
// and runs answer as usual with no trace id. A receiver sits at the standard OpenTelemetry
// endpoint variables, where a default-configured exporter would send.
import { trace, type ProxyTracerProvider } from '@opentelemetry/api';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { resetEnvForTests } from '@/lib/env';
import { createPrompt } from '@/lib/prompts/registry';
import { newPromptInput } from '@/lib/prompts/schemas';
import { registerTracing } from '@/lib/tracing/register';
import { tracingOn } from '@/lib/tracing/state';
import { admin } from '@/tests/support/actors';
import { callApi, withApiKeys } from '@/tests/support/api';
import { withTestDatabase } from '@/tests/support/db';
import { executionRow } from '@/tests/support/experiments';
import { startFakeOpenAI, type FakeOpenAI } from '@/tests/support/fake-openai';
import { startOtlpReceiver, type OtlpReceiver } from '@/tests/support/otlp-receiver';

withTestDatabase();
const keys = withApiKeys();
let fake: FakeOpenAI;
let receiver: OtlpReceiver;
let tracing: ReturnType<typeof registerTracing>;
const OTEL_VARIABLES = ['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'];

beforeAll(async () => {
  fake = await startFakeOpenAI();
  receiver = await startOtlpReceiver();
  process.env.OPENAI_API_KEY = 'sk-test';
  process.env.OPENAI_BASE_URL = fake.url;
  delete process.env.PHOENIX_COLLECTOR_ENDPOINT;
  process.env.PHOENIX_PROJECT_NAME = 'verso-tracing-off';
  process.env.PHOENIX_API_KEY = 'phx-secret';
  process.env.OTEL_EXPORTER_OTLP_ENDPOINT = receiver.url;
  process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT = `${receiver.url}/v1/traces`;
  resetEnvForTests();
  tracing = registerTracing();
  await createPrompt(admin, newPromptInput.parse({ name: 'quiet', template: 'Hush {{ name }}', modelConfig: { provider: 'openai', model: 'gpt-4o-mini' }, labels: ['production'] }));
});

afterAll(async () => {
  await tracing?.shutdown();
  await fake.close();
  await receiver.close();
  for (const name of ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'PHOENIX_PROJECT_NAME', 'PHOENIX_API_KEY', ...OTEL_VARIABLES]) delete process.env[name];
  resetEnvForTests();
});

it('registers nothing', () => {
  expect(tracing).toBeNull();
  expect(tracingOn()).toBe(false);
  // The API's proxy provider delegates to the no-op one: spans are not even recorded.
  const span = trace.getTracer('probe').startSpan('probe');
  expect(span.isRecording()).toBe(false);
  span.end();
});

it('runs and resolves with no trace id, and exports nothing', async () => {
  const run = await callApi('runPrompt', { key: keys.service, params: { name: 'quiet' }, body: { unitId: 'u1', sessionId: 's1', variables: { name: 'Ada' } } });
  expect(run.status).toBe(200);
  expect(run.body).toMatchObject({ output: 'echo: Hush Ada', traceId: null });
  expect(await executionRow(run.body.executionId)).toMatchObject({ status: 'success', traceId: null, spanId: null });

  const resolved = await callApi('resolvePrompt', { key: keys.service, params: { name: 'quiet' }, body: { variables: { name: 'Bo' } } });
  expect(resolved.status).toBe(200);
  expect(await executionRow(resolved.body.executionId)).toMatchObject({ status: 'resolved', traceId: null, spanId: null });

  const gateway = await callApi('createChatCompletion', { key: keys.service, body: { model: 'prompt:quiet', variables: { name: 'Cy' } } });
  expect(gateway.status).toBe(200);
  expect(await executionRow(gateway.headers.get('x-verso-execution-id')!)).toMatchObject({ status: 'success', traceId: null });

  // The AI SDK was not handed a tracer either: still nothing recording after the calls.
  expect(trace.getTracer('probe').startSpan('after').isRecording()).toBe(false);
  // Whatever provider might have been registered behind the API's proxy, flushed before looking.
  const delegate = (trace.getTracerProvider() as ProxyTracerProvider).getDelegate() as { forceFlush?: () => Promise<void> };
  await delegate.forceFlush?.();
  expect(receiver.requests).toEqual([]);
});
