// A collector that fails, is not there, or is slow costs spans and one warning, never a
// failed or slower run.
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import { resetEnvForTests } from '@/lib/env';
import { createPrompt } from '@/lib/prompts/registry';
import { newPromptInput } from '@/lib/prompts/schemas';
import { registerTracing, type Tracing } from '@/lib/tracing/register';
import { admin } from '@/tests/support/actors';
import { callApi, withApiKeys } from '@/tests/support/api';
import { withTestDatabase } from '@/tests/support/db';
import { executionRow } from '@/tests/support/experiments';
import { startFakeOpenAI, type FakeOpenAI } from '@/tests/support/fake-openai';
import { startOtlpReceiver, type OtlpReceiver } from '@/tests/support/otlp-receiver';

withTestDatabase();
const keys = withApiKeys();
let fake: FakeOpenAI;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  process.env.OPENAI_API_KEY = 'sk-test';
  process.env.OPENAI_BASE_URL = fake.url;
  process.env.PHOENIX_PROJECT_NAME = 'verso-collector-down';
  process.env.PHOENIX_API_KEY = 'phx-secret';
  resetEnvForTests();
  await createPrompt(admin, newPromptInput.parse({ name: 'sturdy', template: 'Carry on {{ name }}', modelConfig: { provider: 'openai', model: 'gpt-4o-mini' }, labels: ['production'] }));
});

afterAll(async () => {
  await fake.close();
  for (const name of ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'PHOENIX_COLLECTOR_ENDPOINT', 'PHOENIX_PROJECT_NAME', 'PHOENIX_API_KEY']) delete process.env[name];
  resetEnvForTests();
});

/** Registers tracing against `endpoint` for the describe block, watching console.warn. */
function withTracingAt(endpoint: () => string) {
  const ref: { tracing?: Tracing; warn?: MockInstance<typeof console.warn> } = {};
  beforeAll(() => {
    process.env.PHOENIX_COLLECTOR_ENDPOINT = endpoint();
    resetEnvForTests();
    ref.warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    ref.tracing = registerTracing()!;
  });
  afterAll(async () => {
    await ref.tracing?.shutdown();
    ref.warn?.mockRestore();
  });
  return ref;
}

const tracingWarnings = (warn: MockInstance<typeof console.warn>) => warn.mock.calls.filter((args) => String(args[0]).includes('tracing'));

/** `count` runs at once; each must answer 200 with a trace id that its execution row stores. */
async function runMany(count: number, stem: string) {
  const answers = await Promise.all(
    Array.from({ length: count }, (_, i) => callApi('runPrompt', { key: keys.service, params: { name: 'sturdy' }, body: { unitId: `${stem}-${i}`, variables: { name: `N${i}` } } })),
  );
  expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
  for (const [i, answer] of answers.entries()) {
    expect(answer.body.output).toBe(`echo: Carry on N${i}`);
    expect(answer.body.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(await executionRow(answer.body.executionId)).toMatchObject({ status: 'success', traceId: answer.body.traceId, unitId: `${stem}-${i}` });
  }
  expect(new Set(answers.map((a) => a.body.traceId)).size).toBe(count);
  return answers;
}

describe('a collector answering 500', () => {
  let receiver: OtlpReceiver;
  beforeAll(async () => {
    receiver = await startOtlpReceiver({ status: 500 });
  });
  afterAll(() => receiver.close());
  const ref = withTracingAt(() => receiver.url);

  it('loses the spans, not the runs, and warns once', async () => {
    await runMany(30, 'five-hundred');
    await ref.tracing!.flush();
    expect(receiver.requests.length).toBeGreaterThan(0);
    expect(receiver.requests.every((r) => r.status === 500)).toBe(true);
    expect(receiver.spans).toEqual([]);
    expect(tracingWarnings(ref.warn!)).toHaveLength(1);
    expect(String(tracingWarnings(ref.warn!)[0]![0])).toContain('export to the collector failed');

    const before = receiver.requests.length;
    await runMany(30, 'five-hundred-again');
    await ref.tracing!.flush();
    expect(receiver.requests.length).toBeGreaterThan(before);
    expect(tracingWarnings(ref.warn!)).toHaveLength(1);
  });
});

describe('no collector at the address', () => {
  let closedPort = 0;
  beforeAll(async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closedPort = (server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const ref = withTracingAt(() => `http://127.0.0.1:${closedPort}`);

  it('loses the spans, not the runs, and warns once', async () => {
    await runMany(30, 'refused');
    await ref.tracing!.flush();
    expect(tracingWarnings(ref.warn!)).toHaveLength(1);
    await runMany(30, 'refused-again');
    await ref.tracing!.flush();
    expect(tracingWarnings(ref.warn!)).toHaveLength(1);
  });
});

/** A collector that takes export requests and answers none until told to. */
async function startHeldCollector() {
  const held: http.ServerResponse[] = [];
  let released = false;
  const arrivals: (() => void)[] = [];
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (released) return void res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
      held.push(res);
      for (const arrived of arrivals.splice(0)) arrived();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    held,
    /** Resolves once a request is being held. */
    arrived: () => new Promise<void>((resolve) => (held.length > 0 ? resolve() : arrivals.push(resolve))),
    release: () => {
      released = true;
      for (const res of held.splice(0)) res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    },
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

describe('a collector that does not answer yet', () => {
  let collector: Awaited<ReturnType<typeof startHeldCollector>>;
  beforeAll(async () => {
    collector = await startHeldCollector();
  });
  afterAll(() => collector.close());
  const ref = withTracingAt(() => collector.url);

  it('does not hold the runs up while an export waits for its answer', async () => {
    await runMany(1, 'first');
    let flushed = false;
    const flush = ref.tracing!.flush().then(() => (flushed = true));
    await collector.arrived();

    await runMany(20, 'while-held');
    // All twenty answered while the export still waited for the collector.
    expect(flushed).toBe(false);

    collector.release();
    await flush;
    expect(tracingWarnings(ref.warn!)).toEqual([]);
  });
});
