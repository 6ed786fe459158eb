// The console reads a trace's spans from Phoenix's REST API. A tiny Phoenix on 127.0.0.1 answers
// the way Phoenix does (or fails the ways it can); whatever happens, the answer is a value, never a throw.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseEnv } from '@/lib/env';
import { fetchTraceSpans, phoenixTraceUrl } from '@/lib/tracing/phoenix';

/** `pages` are answered one per request, before `body`. */
type Behaviour = { status?: number; body?: unknown; pages?: unknown[]; hang?: boolean };

const TRACE = '0af7651916cd43dd8448eb211c80319c';
const OTHER = 'ffffffffffffffffffffffffffffffff';
const around = new Date('2026-03-01T12:00:00.000Z');

let server: http.Server;
let base: string;
let behaviour: Behaviour = {};
const requests: { url: URL; headers: http.IncomingHttpHeaders }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    requests.push({ url: new URL(req.url!, 'http://127.0.0.1'), headers: req.headers });
    if (behaviour.hang) return;
    res.writeHead(behaviour.status ?? 200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(behaviour.pages?.shift() ?? behaviour.body ?? { data: [], next_cursor: null }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  behaviour = {};
  requests.length = 0;
});

const envWith = (vars: Record<string, string>) => parseEnv({ PHOENIX_PROJECT_NAME: 'verso', ...vars });

const span = (name: string, spanId: string, extra: Record<string, unknown> = {}) => ({
  id: `U3Bhbjo${spanId}`,
  name,
  context: { trace_id: TRACE, span_id: spanId },
  parent_id: null,
  span_kind: 'UNKNOWN',
  start_time: '2026-03-01T12:00:00.000+00:00',
  end_time: '2026-03-01T12:00:01.250+00:00',
  status_code: 'OK',
  status_message: '',
  attributes: {},
  events: [],
  ...extra,
});

describe('fetching the spans of a trace', () => {
  it('returns the trace’s spans in tree order, with kind, duration, tokens and status from flat or nested attributes', async () => {
    behaviour.body = {
      data: [
        // The LLM span arrives first and with nested attributes; it is the chain's child.
        span('ai.generateText', 'b2', {
          parent_id: 'a1',
          start_time: '2026-03-01T12:00:00.100+00:00',
          end_time: '2026-03-01T12:00:00.900+00:00',
          attributes: { openinference: { span: { kind: 'LLM' } }, llm: { token_count: { prompt: 12, completion: 30 } } },
        }),
        span('support-reply', 'a1', { attributes: { 'openinference.span.kind': 'CHAIN', 'llm.token_count.total': 42 } }),
        span('failed-call', 'c3', { parent_id: 'a1', start_time: '2026-03-01T12:00:01.000+00:00', end_time: null, status_code: 'ERROR', span_kind: 'LLM' }),
        // Another trace in the same time window: Phoenix may send it when it ignores trace_id.
        { ...span('someone-else', 'z9'), context: { trace_id: OTHER, span_id: 'z9' } },
      ],
      next_cursor: null,
    };
    const result = await fetchTraceSpans(TRACE, around, { e: envWith({ PHOENIX_URL: `${base}/` }) });
    expect(result).toEqual({
      ok: true,
      spans: [
        expect.objectContaining({ name: 'support-reply', spanId: 'a1', parentId: null, kind: 'CHAIN', durationMs: 1250, tokens: 42, status: 'OK', depth: 0 }),
        expect.objectContaining({ name: 'ai.generateText', spanId: 'b2', parentId: 'a1', kind: 'LLM', durationMs: 800, tokens: 42, status: 'OK', depth: 1 }),
        expect.objectContaining({ name: 'failed-call', spanId: 'c3', parentId: 'a1', kind: 'LLM', durationMs: null, tokens: null, status: 'ERROR', depth: 1 }),
      ],
    });
  });

  it('asks for the trace in the project, within an hour either side of the execution, with the API key', async () => {
    await fetchTraceSpans(TRACE, around, { e: envWith({ PHOENIX_URL: base, PHOENIX_PROJECT_NAME: 'my project', PHOENIX_API_KEY: 'secret-key' }) });
    expect(requests).toHaveLength(1);
    const [{ url, headers }] = requests as [(typeof requests)[number]];
    expect(url.pathname).toBe('/v1/projects/my%20project/spans');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      trace_id: TRACE,
      limit: '100',
      start_time: '2026-03-01T11:00:00.000Z',
      end_time: '2026-03-01T13:00:00.000Z',
    });
    expect(headers.authorization).toBe('Bearer secret-key');
  });

  it('sends no authorization header without an API key, and falls back to the collector endpoint', async () => {
    const result = await fetchTraceSpans(TRACE, around, { e: envWith({ PHOENIX_COLLECTOR_ENDPOINT: `${base}/v1/traces` }) });
    expect(result).toEqual({ ok: true, spans: [] });
    expect(requests[0]!.url.pathname).toBe('/v1/projects/verso/spans');
    expect(requests[0]!.headers.authorization).toBeUndefined();
  });

  it('follows the next cursor for a Phoenix that pages through the window', async () => {
    behaviour.pages = [
      { data: [span('first', 'a1')], next_cursor: 'page-2' },
      { data: [span('second', 'b2', { parent_id: 'a1' })], next_cursor: null },
    ];
    const result = await fetchTraceSpans(TRACE, around, { e: envWith({ PHOENIX_URL: base }) });
    expect(result.ok && result.spans.map((s) => s.name)).toEqual(['first', 'second']);
    expect(requests.map((r) => r.url.searchParams.get('cursor'))).toEqual([null, 'page-2']);
  });
});

describe('when Phoenix does not answer', () => {
  it('says it answered 500', async () => {
    behaviour.status = 500;
    behaviour.body = { detail: 'boom' };
    const result = await fetchTraceSpans(TRACE, around, { e: envWith({ PHOENIX_URL: base }) });
    expect(result).toEqual({ ok: false, reason: 'HTTP 500 Internal Server Error' });
  });

  it('says the connection failed when nothing listens', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const result = await fetchTraceSpans(TRACE, around, { e: envWith({ PHOENIX_URL: `http://127.0.0.1:${port}` }) });
    expect(result).toEqual({ ok: false, reason: expect.stringContaining('connection failed') });
  });

  it('gives up on a Phoenix that never answers', async () => {
    behaviour.hang = true;
    const result = await fetchTraceSpans(TRACE, around, { e: envWith({ PHOENIX_URL: base }), timeoutMs: 200 });
    expect(result).toEqual({ ok: false, reason: 'no answer within 0.2 s' });
  });

  it('says so when the answer is not a span list', async () => {
    behaviour.body = { spans: 'nope' };
    const result = await fetchTraceSpans(TRACE, around, { e: envWith({ PHOENIX_URL: base }) });
    expect(result).toEqual({ ok: false, reason: expect.stringContaining('not a list of spans') });
  });

  it('says Phoenix is not configured, without a request', async () => {
    const result = await fetchTraceSpans(TRACE, around, { e: envWith({}) });
    expect(result).toEqual({ ok: false, reason: expect.stringContaining('not configured') });
    expect(requests).toHaveLength(0);
  });
});

describe('links to Phoenix', () => {
  it('deep-links a trace on the Phoenix UI, or on the collector’s host without its OTLP path', () => {
    expect(phoenixTraceUrl(TRACE, envWith({ PHOENIX_URL: 'https://phoenix.example.com/' }))).toBe(`https://phoenix.example.com/redirects/traces/${TRACE}`);
    expect(phoenixTraceUrl(TRACE, envWith({ PHOENIX_COLLECTOR_ENDPOINT: 'http://localhost:6006/v1/traces' }))).toBe(
      `http://localhost:6006/redirects/traces/${TRACE}`,
    );
    expect(
      phoenixTraceUrl(TRACE, envWith({ PHOENIX_URL: 'https://ui.example.com', PHOENIX_COLLECTOR_ENDPOINT: 'http://collector:6006' })),
    ).toBe(`https://ui.example.com/redirects/traces/${TRACE}`);
  });

  it('has no link when Phoenix is not configured', () => {
    expect(phoenixTraceUrl(TRACE, envWith({}))).toBeNull();
  });
});
