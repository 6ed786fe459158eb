import { z } from 'zod';
import { env, type Env } from '@/lib/env';

// Phoenix's UI and REST API live on one port; the collector endpoint is that port too, and may
// be given with the OTLP path on it.
function phoenixBase(e: Env): string | null {
  const base = e.PHOENIX_URL ?? e.PHOENIX_COLLECTOR_ENDPOINT;
  if (!base) return null;
  return base.replace(/\/+$/, '').replace(/\/v1\/traces$/, '');
}

/** A deep link that needs no project id; null when Phoenix is not configured. */
export function phoenixTraceUrl(traceId: string, e: Env = env()): string | null {
  const base = phoenixBase(e);
  return base ? `${base}/redirects/traces/${encodeURIComponent(traceId)}` : null;
}

export type TraceSpan = {
  spanId: string;
  parentId: string | null;
  name: string;
  /** OpenInference's span kind: CHAIN, LLM, … */
  kind: string;
  status: string;
  startTime: string;
  durationMs: number | null;
  tokens: number | null;
  /** How deep in the trace's tree, 0 for a root (or a span whose parent Phoenix did not return). */
  depth: number;
};

export type TraceSpans = { ok: true; spans: TraceSpan[] } | { ok: false; reason: string };

// Only what is read; anything else Phoenix sends is ignored. Attributes come flat
// ('llm.token_count.total') or nested ({ llm: { token_count: { total } } }).
const phoenixSpan = z.object({
  name: z.string(),
  context: z.object({ trace_id: z.string(), span_id: z.string() }),
  parent_id: z.string().nullish(),
  span_kind: z.string().nullish(),
  start_time: z.string().nullish(),
  end_time: z.string().nullish(),
  status_code: z.string().nullish(),
  attributes: z.record(z.string(), z.unknown()).nullish(),
});
const phoenixSpanPage = z.object({ data: z.array(z.unknown()), next_cursor: z.string().nullish() });

type PhoenixSpan = z.infer<typeof phoenixSpan>;

const TIMEOUT_MS = 2_000;
const PAGE_SIZE = 100;
// Older Phoenix versions ignore trace_id and page through the time window instead.
const MAX_PAGES = 5;
const WINDOW_MS = 3_600_000;

/**
 * The spans of one trace from Phoenix's REST API, in tree order. Never throws: Phoenix being
 * down, slow or unconfigured is an answer ({ ok: false, reason }) the console shows inline,
 * where the reason completes "Phoenix did not answer: …".
 */
export async function fetchTraceSpans(traceId: string, around: Date, options: { timeoutMs?: number; e?: Env } = {}): Promise<TraceSpans> {
  const e = options.e ?? env();
  const base = phoenixBase(e);
  if (!base) return { ok: false, reason: 'it is not configured (set PHOENIX_URL)' };
  const timeoutMs = options.timeoutMs ?? TIMEOUT_MS;
  const signal = AbortSignal.timeout(timeoutMs);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (e.PHOENIX_API_KEY) headers.authorization = `Bearer ${e.PHOENIX_API_KEY}`;
  const url = new URL(`${base}/v1/projects/${encodeURIComponent(e.PHOENIX_PROJECT_NAME)}/spans`);
  url.searchParams.set('trace_id', traceId);
  url.searchParams.set('limit', String(PAGE_SIZE));
  url.searchParams.set('start_time', new Date(around.getTime() - WINDOW_MS).toISOString());
  url.searchParams.set('end_time', new Date(around.getTime() + WINDOW_MS).toISOString());

  const found: PhoenixSpan[] = [];
  try {
    for (let page = 0; page < MAX_PAGES; page++) {
      const response = await fetch(url, { headers, signal, cache: 'no-store' });
      if (!response.ok) {
        await response.body?.cancel();
        return { ok: false, reason: `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}` };
      }
      const body = phoenixSpanPage.safeParse(await response.json());
      if (!body.success) return { ok: false, reason: 'the answer was not a list of spans' };
      for (const item of body.data.data) {
        const span = phoenixSpan.safeParse(item);
        if (span.success && span.data.context.trace_id === traceId) found.push(span.data);
      }
      if (!body.data.next_cursor) break;
      url.searchParams.set('cursor', body.data.next_cursor);
    }
  } catch (error) {
    return { ok: false, reason: failureOf(error, timeoutMs) };
  }
  return { ok: true, spans: treeOrder(found.map(toTraceSpan)) };
}

function failureOf(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `no answer within ${timeoutMs / 1000} s`;
  if (e?.name === 'SyntaxError') return 'the answer was not JSON';
  const cause = e?.cause?.code ?? e?.cause?.message;
  return `connection failed${cause ? ` (${cause})` : ''}`;
}

function flatten(attributes: Record<string, unknown>, prefix = '', into: Record<string, unknown> = {}): Record<string, unknown> {
  for (const [key, value] of Object.entries(attributes)) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) flatten(value as Record<string, unknown>, `${prefix}${key}.`, into);
    else into[`${prefix}${key}`] = value;
  }
  return into;
}

const numberOf = (v: unknown): number | null => {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
};

function toTraceSpan(s: PhoenixSpan): Omit<TraceSpan, 'depth'> {
  const a = flatten(s.attributes ?? {});
  const total = numberOf(a['llm.token_count.total']);
  const prompt = numberOf(a['llm.token_count.prompt']);
  const completion = numberOf(a['llm.token_count.completion']);
  const start = s.start_time ? Date.parse(s.start_time) : NaN;
  const end = s.end_time ? Date.parse(s.end_time) : NaN;
  return {
    spanId: s.context.span_id,
    parentId: s.parent_id ?? null,
    name: s.name,
    kind: String(a['openinference.span.kind'] ?? s.span_kind ?? 'UNKNOWN'),
    status: s.status_code ?? 'UNSET',
    startTime: s.start_time ?? '',
    durationMs: Number.isFinite(start) && Number.isFinite(end) ? Math.max(0, end - start) : null,
    tokens: total ?? (prompt !== null || completion !== null ? (prompt ?? 0) + (completion ?? 0) : null),
  };
}

/** Parents before their children, siblings by start time; each span once, even if Phoenix repeats it. */
function treeOrder(spans: Omit<TraceSpan, 'depth'>[]): TraceSpan[] {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const children = new Map<string | null, Omit<TraceSpan, 'depth'>[]>();
  for (const s of byId.values()) {
    const parent = s.parentId && s.parentId !== s.spanId && byId.has(s.parentId) ? s.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), s]);
  }
  const started = (s: Omit<TraceSpan, 'depth'>) => Date.parse(s.startTime) || 0;
  const ordered: TraceSpan[] = [];
  const seen = new Set<string>();
  const visit = (parent: string | null, depth: number) => {
    for (const s of (children.get(parent) ?? []).sort((a, b) => started(a) - started(b))) {
      if (seen.has(s.spanId)) continue;
      seen.add(s.spanId);
      ordered.push({ ...s, depth });
      visit(s.spanId, depth + 1);
    }
  };
  visit(null, 0);
  // Spans caught in a parent cycle (a malformed trace) are still shown, at the top level.
  for (const s of byId.values()) if (!seen.has(s.spanId)) ordered.push({ ...s, depth: 0 });
  return ordered;
}
