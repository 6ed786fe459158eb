// An OTLP/HTTP trace collector on 127.0.0.1 that stands in for Phoenix in tests: it takes what
// @opentelemetry/exporter-trace-otlp-proto sends to `POST /v1/traces` (protobuf, gzipped or
// not), refuses JSON with 415 as Phoenix does, and keeps the spans as plain objects a test can
// assert on. It can also play a slow or failing collector.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
// The generated protobuf code the exporter itself encodes with; its typings claim a reflection
// Root, but the module is static code, hence the cast below to the little that is used.
import generatedRoot from '@opentelemetry/otlp-transformer/build/src/generated/root.js';

export type AttributeValue = string | number | boolean | null | AttributeValue[] | { [key: string]: AttributeValue };
export type Attributes = Record<string, AttributeValue>;

export type ReceivedSpan = {
  /** Lowercase hex, 32 characters. */
  traceId: string;
  /** Lowercase hex, 16 characters. */
  spanId: string;
  /** Undefined for a root span. */
  parentSpanId: string | undefined;
  name: string;
  /** OTLP's numbering: 1 internal, 2 server, 3 client, 4 producer, 5 consumer (the API's SpanKind + 1). */
  kind: number;
  /** Nanoseconds since the epoch, as a decimal string (too large for a number). */
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  /** code: 0 unset, 1 ok, 2 error; message '' when none. */
  status: { code: number; message: string };
  /** Integers as numbers (exact up to 2^53), arrays as arrays, key-value lists as objects, bytes as hex. */
  attributes: Attributes;
  events: { name: string; timeUnixNano: string; attributes: Attributes }[];
  /** The resource's attributes (service.name, openinference.project.name, …). */
  resource: Attributes;
  /** The instrumentation scope's name. */
  scope: string;
};

export type ReceivedRequest = {
  /** Names lowercased: x-project-name, authorization, api_key, content-encoding, … */
  headers: http.IncomingHttpHeaders;
  /** Spans the request carried (0 when it could not be decoded). */
  spanCount: number;
  /** The status the receiver answered with. */
  status: number;
};

/** How the collector behaves: `delayMs` before answering; a non-2xx `status` drops the spans. */
export type CollectorBehaviour = { delayMs?: number; status?: number };

export type OtlpReceiver = {
  /** Base URL only, `http://127.0.0.1:PORT`; exporters post to `${url}/v1/traces`. */
  url: string;
  /** Every span accepted so far, in order of arrival. */
  spans: ReceivedSpan[];
  /** Every POST to /v1/traces, accepted or not. */
  requests: ReceivedRequest[];
  /** Resolves with all spans once the predicate holds for them; rejects after timeoutMs listing the names seen. */
  waitForSpans: (predicate: (spans: ReceivedSpan[]) => boolean, timeoutMs?: number) => Promise<ReceivedSpan[]>;
  /** Replaces the behaviour whole: `setBehaviour({})` is a healthy collector again. */
  setBehaviour: (behaviour: CollectorBehaviour) => void;
  /** Forgets spans and requests, and goes back to the behaviour it was started with. */
  reset: () => void;
  close: () => Promise<void>;
};

type Bytes = Uint8Array | undefined;
type Decoded = {
  resourceSpans?: {
    resource?: { attributes?: KeyValue[] };
    scopeSpans?: { scope?: { name?: string }; spans?: RawSpan[] }[];
  }[];
};
type KeyValue = { key: string; value?: AnyValue };
type AnyValue = {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string;
  doubleValue?: number;
  arrayValue?: { values?: AnyValue[] };
  kvlistValue?: { values?: KeyValue[] };
  bytesValue?: Bytes;
};
type RawSpan = {
  traceId?: Bytes;
  spanId?: Bytes;
  parentSpanId?: Bytes;
  name?: string;
  kind?: number;
  startTimeUnixNano?: string;
  endTimeUnixNano?: string;
  attributes?: KeyValue[];
  events?: { name?: string; timeUnixNano?: string; attributes?: KeyValue[] }[];
  status?: { code?: number; message?: string };
};
type MessageType = {
  decode: (bytes: Uint8Array) => unknown;
  toObject: (message: unknown, options: { longs: typeof String; enums: typeof Number }) => unknown;
};

const collector = (generatedRoot as unknown as { opentelemetry: { proto: { collector: { trace: { v1: Record<string, MessageType> } } } } })
  .opentelemetry.proto.collector.trace.v1;
const exportRequest = collector.ExportTraceServiceRequest!;

const hex = (bytes: Bytes) => (bytes && bytes.length > 0 ? Buffer.from(bytes).toString('hex') : '');

function flattenValue(value: AnyValue | undefined): AttributeValue {
  if (!value) return null;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.arrayValue !== undefined) return (value.arrayValue.values ?? []).map(flattenValue);
  if (value.kvlistValue !== undefined) return flatten(value.kvlistValue.values);
  if (value.bytesValue !== undefined) return hex(value.bytesValue);
  return null;
}

function flatten(keyValues: KeyValue[] | undefined): Attributes {
  return Object.fromEntries((keyValues ?? []).map((kv) => [kv.key, flattenValue(kv.value)]));
}

/** The spans of one export request, decoded from protobuf into plain objects. */
export function decodeSpans(body: Uint8Array): ReceivedSpan[] {
  // Longs as decimal strings whether or not protobufjs found the `long` package.
  const request = exportRequest.toObject(exportRequest.decode(body), { longs: String, enums: Number }) as Decoded;
  return (request.resourceSpans ?? []).flatMap((resourceSpans) => {
    const resource = flatten(resourceSpans.resource?.attributes);
    return (resourceSpans.scopeSpans ?? []).flatMap((scopeSpans) =>
      (scopeSpans.spans ?? []).map((span) => ({
        traceId: hex(span.traceId),
        spanId: hex(span.spanId),
        parentSpanId: hex(span.parentSpanId) || undefined,
        name: span.name ?? '',
        kind: span.kind ?? 0,
        startTimeUnixNano: span.startTimeUnixNano ?? '0',
        endTimeUnixNano: span.endTimeUnixNano ?? '0',
        status: { code: span.status?.code ?? 0, message: span.status?.message ?? '' },
        attributes: flatten(span.attributes),
        events: (span.events ?? []).map((event) => ({
          name: event.name ?? '',
          timeUnixNano: event.timeUnixNano ?? '0',
          attributes: flatten(event.attributes),
        })),
        resource,
        scope: scopeSpans.scope?.name ?? '',
      })),
    );
  });
}

const isoOf = (unixNano: string) => new Date(Number(BigInt(unixNano) / 1_000_000n)).toISOString();

/** A received span as Phoenix's `GET /v1/projects/{project}/spans` answers it. */
function asPhoenixSpan(span: ReceivedSpan) {
  return {
    name: span.name,
    context: { trace_id: span.traceId, span_id: span.spanId },
    parent_id: span.parentSpanId ?? null,
    span_kind: String(span.attributes['openinference.span.kind'] ?? 'UNKNOWN'),
    start_time: isoOf(span.startTimeUnixNano),
    end_time: isoOf(span.endTimeUnixNano),
    status_code: span.status.code === 2 ? 'ERROR' : span.status.code === 1 ? 'OK' : 'UNSET',
    status_message: span.status.message,
    attributes: span.attributes,
  };
}

export async function startOtlpReceiver(initial: CollectorBehaviour = {}): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const requests: ReceivedRequest[] = [];
  const listeners = new Set<() => void>();
  const timers = new Set<NodeJS.Timeout>();
  let behaviour: CollectorBehaviour = { ...initial };

  const answer = (res: http.ServerResponse, status: number, body: string | Buffer, contentType: string) => {
    if (res.destroyed) return;
    res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };
  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of req) chunks.push(chunk as Buffer);
    } catch {
      return; // the exporter went away mid-body
    }
    const path = (req.url ?? '/').split('?')[0]!;
    // Phoenix's REST API for the spans of a project, over what this collector received: the
    // console's trace panel reads it, so end-to-end tests see the spans an execution exported.
    if (req.method === 'GET' && /^\/v1\/projects\/[^/]+\/spans$/.test(path)) {
      const traceIds = new URL(req.url!, 'http://receiver').searchParams.getAll('trace_id');
      const data = spans.filter((s) => traceIds.length === 0 || traceIds.includes(s.traceId)).map(asPhoenixSpan);
      return answer(res, 200, JSON.stringify({ data, next_cursor: null }), 'application/json');
    }
    if (path !== '/v1/traces' || req.method !== 'POST') return answer(res, 404, 'Not Found', 'text/plain');
    const record = (status: number, spanCount = 0) => requests.push({ headers: req.headers, spanCount, status });

    const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (contentType !== 'application/x-protobuf') {
      record(415);
      return answer(res, 415, `Unsupported content type: ${contentType || 'none'}`, 'text/plain');
    }
    let received: ReceivedSpan[];
    try {
      const raw = Buffer.concat(chunks);
      received = decodeSpans(req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw);
    } catch (error) {
      record(400);
      return answer(res, 400, `Could not decode the export request: ${(error as Error).message}`, 'text/plain');
    }

    const { delayMs, status = 200 } = behaviour;
    if (delayMs) await wait(delayMs);
    record(status, received.length);
    if (status < 200 || status >= 300) return answer(res, status, 'Collector unavailable', 'text/plain');
    spans.push(...received);
    for (const listener of listeners) listener();
    // An empty ExportTraceServiceResponse encodes to zero bytes.
    answer(res, 200, Buffer.alloc(0), 'application/x-protobuf');
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const waitForSpans = (predicate: (spans: ReceivedSpan[]) => boolean, timeoutMs = 10_000) =>
    new Promise<ReceivedSpan[]>((resolve, reject) => {
      const check = () => {
        if (!predicate(spans)) return false;
        done();
        resolve([...spans]);
        return true;
      };
      const timer = setTimeout(() => {
        done();
        const names = spans.map((span) => span.name);
        reject(new Error(`No matching spans within ${timeoutMs} ms; received ${names.length}: ${JSON.stringify(names)}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        listeners.delete(check);
      };
      listeners.add(check);
      check();
    });

  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    requests,
    waitForSpans,
    setBehaviour: (next) => void (behaviour = { ...next }),
    reset: () => {
      spans.length = 0;
      requests.length = 0;
      behaviour = { ...initial };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
