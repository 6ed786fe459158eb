import { context, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { Resource } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startOtlpReceiver, type OtlpReceiver } from '../support/otlp-receiver';

type ExporterConfig = NonNullable<ConstructorParameters<typeof OTLPTraceExporter>[0]>;

let receiver: OtlpReceiver;
beforeAll(async () => {
  receiver = await startOtlpReceiver();
});
afterAll(() => receiver.close());
beforeEach(() => receiver.reset());

// A real export pipeline, kept to this test: the provider is never registered globally.
let provider: BasicTracerProvider | undefined;
afterEach(() => provider?.shutdown());

function pipeline(config: Partial<ExporterConfig> = {}) {
  const exporter = new OTLPTraceExporter({ url: `${receiver.url}/v1/traces`, headers: { 'x-project-name': 'verso-tests' }, ...config });
  provider = new BasicTracerProvider({
    resource: new Resource({ 'service.name': 'verso', 'openinference.project.name': 'verso-tests' }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  return { tracer: provider.getTracer('verso-test-scope'), provider };
}

function parentAndChild(tracer: ReturnType<BasicTracerProvider['getTracer']>) {
  const parent = tracer.startSpan('resolve prompt');
  const child = tracer.startSpan(
    'ChatCompletion',
    { attributes: { 'llm.model_name': 'gpt-4o-mini', 'llm.token_count.prompt': 9, 'llm.invocation_parameters.temperature': 0.5, streamed: false } },
    trace.setSpan(context.active(), parent),
  );
  child.setAttribute('tags', ['a', 'b']);
  child.end();
  parent.end();
}

describe('the OTLP receiver, fed by the real proto exporter', () => {
  it('decodes spans with their parent link, typed attributes, resource, scope and headers', async () => {
    const { tracer, provider } = pipeline();
    parentAndChild(tracer);
    await provider.forceFlush();
    const spans = await receiver.waitForSpans((s) => s.length === 2);

    const parent = spans.find((s) => s.name === 'resolve prompt')!;
    const child = spans.find((s) => s.name === 'ChatCompletion')!;
    expect(parent.parentSpanId).toBeUndefined();
    expect(child.parentSpanId).toBe(parent.spanId);
    expect(child.traceId).toBe(parent.traceId);
    expect(child.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(child.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(child.attributes).toEqual({
      'llm.model_name': 'gpt-4o-mini',
      'llm.token_count.prompt': 9,
      'llm.invocation_parameters.temperature': 0.5,
      streamed: false,
      tags: ['a', 'b'],
    });
    expect(child.kind).toBe(1);
    expect(child.status).toEqual({ code: 0, message: '' });
    expect(BigInt(child.endTimeUnixNano)).toBeGreaterThanOrEqual(BigInt(child.startTimeUnixNano));
    expect(child.resource).toMatchObject({ 'service.name': 'verso', 'openinference.project.name': 'verso-tests' });
    expect(child.scope).toBe('verso-test-scope');

    expect(receiver.requests.length).toBeGreaterThan(0);
    expect(receiver.requests.every((r) => r.headers['x-project-name'] === 'verso-tests' && r.status === 200)).toBe(true);
    expect(receiver.requests.reduce((sum, r) => sum + r.spanCount, 0)).toBe(2);
  });

  it('keeps error status and exception events', async () => {
    const { tracer, provider } = pipeline();
    const span = tracer.startSpan('failing call');
    span.recordException(new Error('provider down'));
    span.setStatus({ code: 2, message: 'provider down' });
    span.end();
    await provider.forceFlush();
    const [received] = await receiver.waitForSpans((s) => s.length === 1);
    expect(received!.status).toEqual({ code: 2, message: 'provider down' });
    expect(received!.events[0]).toMatchObject({ name: 'exception', attributes: { 'exception.message': 'provider down' } });
  });

  it('gunzips a compressed export', async () => {
    const { tracer, provider } = pipeline({ compression: 'gzip' as ExporterConfig['compression'] });
    parentAndChild(tracer);
    await provider.forceFlush();
    expect(receiver.requests[0]).toMatchObject({ status: 200, headers: { 'content-encoding': 'gzip' } });
    expect(receiver.spans.map((s) => s.name).sort()).toEqual(['ChatCompletion', 'resolve prompt']);
  });

  it('refuses JSON with 415, as Phoenix does', async () => {
    const response = await fetch(`${receiver.url}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ resourceSpans: [] }),
    });
    expect(response.status).toBe(415);
    expect(receiver.spans).toHaveLength(0);
  });

  it('drops the spans while playing a failing collector, and takes them again once healthy', async () => {
    receiver.setBehaviour({ status: 500 });
    const { tracer, provider } = pipeline();
    tracer.startSpan('lost').end();
    await provider.forceFlush();
    expect(receiver.requests.map((r) => r.status)).toContain(500);
    expect(receiver.spans).toHaveLength(0);

    receiver.setBehaviour({});
    tracer.startSpan('kept').end();
    await provider.forceFlush();
    await receiver.waitForSpans((s) => s.some((span) => span.name === 'kept'));
    expect(receiver.spans.map((s) => s.name)).not.toContain('lost');
  });

  it('rejects a wait that is never satisfied, naming the spans it did get', async () => {
    const { tracer, provider } = pipeline();
    tracer.startSpan('only span').end();
    await provider.forceFlush();
    await expect(receiver.waitForSpans((s) => s.length > 5, 200)).rejects.toThrow(/only span/);
  });
});
