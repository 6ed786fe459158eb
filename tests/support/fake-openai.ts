// An OpenAI-compatible chat completions server on 127.0.0.1 for tests and benchmarks: real
// HTTP and OpenAI's wire format (JSON and server-sent events), with a deterministic reply so a
// test can predict content and usage, and a queue of one-shot behaviours (errors, delays,
// hangs) to script a provider's bad days. Plain node:http and no per-request logging, because a
// benchmark drives it at 50 concurrent connections.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What the fake does with one chat completion request. Fields compose, applied in this order:
 * wait `delayMs`; never answer if `hang`; answer OpenAI's error JSON if `status`; otherwise
 * answer `reply` (or the echo) with the given token counts (or the counted ones).
 */
export type FakeBehaviour = {
  delayMs?: number;
  hang?: boolean;
  status?: 400 | 401 | 429 | 500 | 503;
  /** The error's message; a stock one per status otherwise. */
  message?: string;
  /** Seconds, sent as the Retry-After header of an error. */
  retryAfter?: number;
  reply?: string;
  promptTokens?: number;
  completionTokens?: number;
};

export type RecordedRequest = {
  method: string;
  path: string;
  /** As node:http gives them: names lowercased. */
  headers: http.IncomingHttpHeaders;
  /** The parsed JSON body; undefined for a GET or a body that is not JSON. */
  // `any` on purpose: whatever the client sent, for a test to poke at without casts.
  body: any;
};

export type FakeOpenAI = {
  /** The baseURL an OpenAI client expects: `http://127.0.0.1:PORT/v1`. */
  url: string;
  /** Every request received, in order of arrival. */
  requests: RecordedRequest[];
  /** Queues one-shot behaviours, each used by one later chat completion request, in order. */
  enqueue: (...behaviours: FakeBehaviour[]) => void;
  /** The behaviour of every request the queue does not script; an enqueued one replaces it whole. */
  setDefault: (behaviour: FakeBehaviour) => void;
  /**
   * Scripts replies by what is asked (a dataset item, a judge's question): called for each request
   * the queue does not script; what it returns is merged over the default, undefined keeps it.
   */
  setScript: (script: FakeScript | null) => void;
  /** Forgets the queue, the default and the recorded requests. */
  reset: () => void;
  /** Stops listening and drops every connection at once, hanging ones included. */
  close: () => Promise<void>;
};

/** The request as a script sees it: the model asked for and the messages' text. */
export type FakeScript = (request: { model: string; messages: { role: string; text: string }[]; lastUser: string }) => FakeBehaviour | undefined;

type Part = { type?: string; text?: string };
type ChatRequest = { model?: unknown; messages?: unknown; stream?: unknown; stream_options?: { include_usage?: unknown } | null };
type Message = { role?: string; content?: string | Part[] | null };

/** The fake's token rule: the number of whitespace-separated words in the text (0 when blank). */
export function countTokens(text: string): number {
  const words = text.trim();
  return words === '' ? 0 : words.split(/\s+/).length;
}

/** A message's text: its string content, or its text parts joined by a space. */
export function messageText(message: Message): string {
  const { content } = message;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .filter((part) => part?.type === 'text' && typeof part.text === 'string')
    .map((part) => part.text)
    .join(' ');
}

/** The fake's prompt tokens: words across all messages' text, at least 1. */
export function countPromptTokens(messages: Message[]): number {
  return Math.max(1, messages.reduce((sum, message) => sum + countTokens(messageText(message)), 0));
}

/** The fake's default reply: `echo: ` and the last user message's text. */
export function echoReply(messages: Message[]): string {
  const lastUser = [...messages].reverse().find((message) => message.role === 'user');
  return `echo: ${lastUser ? messageText(lastUser) : ''}`;
}

function scriptRequest(body: ChatRequest) {
  const messages = (Array.isArray(body.messages) ? body.messages : []) as Message[];
  const texts = messages.map((m) => ({ role: m.role ?? '', text: messageText(m) }));
  const lastUser = [...texts].reverse().find((m) => m.role === 'user')?.text ?? '';
  return { model: typeof body.model === 'string' ? body.model : '', messages: texts, lastUser };
}

const MODELS = ['gpt-4o-mini', 'gpt-4o', 'fake-model'];

// Stock errors as OpenAI words them: the `type` and `code` an SDK or a caller may branch on.
const ERRORS: Record<number, { type: string; code: string | null; message: string }> = {
  400: { type: 'invalid_request_error', code: null, message: 'Invalid request.' },
  401: { type: 'invalid_request_error', code: 'invalid_api_key', message: 'Incorrect API key provided.' },
  404: { type: 'invalid_request_error', code: 'unknown_url', message: 'Unknown request URL.' },
  429: { type: 'requests', code: 'rate_limit_exceeded', message: 'Rate limit reached for requests.' },
  500: { type: 'server_error', code: null, message: 'The server had an error while processing your request.' },
  503: { type: 'server_error', code: 'service_unavailable', message: 'The engine is currently overloaded.' },
};

function sendJson(res: http.ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}) {
  if (res.destroyed) return;
  const body = JSON.stringify(payload);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

function sendError(res: http.ServerResponse, status: number, message?: string, retryAfter?: number) {
  const stock = ERRORS[status] ?? ERRORS[500]!;
  const headers: Record<string, string> = retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) };
  sendJson(res, status, { error: { message: message ?? stock.message, type: stock.type, param: null, code: stock.code } }, headers);
}

// Pieces that concatenate back to the content exactly: one word each, with its leading space.
function streamPieces(content: string): string[] {
  const pieces = content.match(/\s*\S+/g) ?? [];
  const rest = content.slice(pieces.join('').length);
  return rest ? [...pieces, rest] : pieces;
}

type Completion = { id: string; created: number; model: string; content: string; promptTokens: number; completionTokens: number };

function usageOf(c: Completion) {
  return { prompt_tokens: c.promptTokens, completion_tokens: c.completionTokens, total_tokens: c.promptTokens + c.completionTokens };
}

function sendCompletion(res: http.ServerResponse, c: Completion) {
  sendJson(res, 200, {
    id: c.id,
    object: 'chat.completion',
    created: c.created,
    model: c.model,
    choices: [{ index: 0, message: { role: 'assistant', content: c.content, refusal: null }, finish_reason: 'stop', logprobs: null }],
    usage: usageOf(c),
  });
}

function sendStream(res: http.ServerResponse, c: Completion, includeUsage: boolean) {
  if (res.destroyed) return;
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  // As OpenAI does: with include_usage every chunk carries `usage: null` until the last one.
  const chunk = (choices: unknown[], usage?: unknown) =>
    `data: ${JSON.stringify({ id: c.id, object: 'chat.completion.chunk', created: c.created, model: c.model, choices, ...(includeUsage ? { usage: usage ?? null } : {}) })}\n\n`;
  const choice = (delta: object, finish: string | null) => ({ index: 0, delta, logprobs: null, finish_reason: finish });
  let out = chunk([choice({ role: 'assistant', content: '', refusal: null }, null)]);
  for (const piece of streamPieces(c.content)) out += chunk([choice({ content: piece }, null)]);
  out += chunk([choice({}, 'stop')]);
  if (includeUsage) out += chunk([], usageOf(c));
  out += 'data: [DONE]\n\n';
  res.end(out);
}

export async function startFakeOpenAI(): Promise<FakeOpenAI> {
  const queue: FakeBehaviour[] = [];
  let fallback: FakeBehaviour = {};
  let script: FakeScript | null = null;
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const wait = (ms: number, res: http.ServerResponse) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
      // A client that gives up frees the timer; the handler then finds the response destroyed.
      res.once('close', () => {
        clearTimeout(timer);
        timers.delete(timer);
        resolve();
      });
    });

  async function complete(res: http.ServerResponse, body: ChatRequest) {
    const behaviour = queue.shift() ?? { ...fallback, ...(script ? script(scriptRequest(body)) : undefined) };
    if (behaviour.delayMs) await wait(behaviour.delayMs, res);
    if (behaviour.hang || res.destroyed) return;
    if (behaviour.status) return sendError(res, behaviour.status, behaviour.message, behaviour.retryAfter);
    const messages = (Array.isArray(body.messages) ? body.messages : []) as Message[];
    const content = behaviour.reply ?? echoReply(messages);
    const completion: Completion = {
      id: `chatcmpl-${randomUUID().replaceAll('-', '')}`,
      created: Math.floor(Date.now() / 1000),
      model: typeof body.model === 'string' ? body.model : MODELS[0]!,
      content,
      promptTokens: behaviour.promptTokens ?? countPromptTokens(messages),
      completionTokens: behaviour.completionTokens ?? countTokens(content),
    };
    if (body.stream === true) sendStream(res, completion, body.stream_options?.include_usage === true);
    else sendCompletion(res, completion);
  }

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of req) chunks.push(chunk as Buffer);
    } catch {
      return; // the client went away mid-body
    }
    const path = (req.url ?? '/').split('?')[0]!;
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    let parsed = true;
    try {
      if (raw !== '') body = JSON.parse(raw);
    } catch {
      parsed = false;
    }
    requests.push({ method: req.method ?? 'GET', path, headers: req.headers, body });

    const isCompletions = path === '/v1/chat/completions' || path === '/chat/completions';
    const isModels = path === '/v1/models' || path === '/models';
    if (isCompletions && req.method === 'POST') {
      if (!parsed || typeof body !== 'object' || body === null || Array.isArray(body)) {
        return sendError(res, 400, 'We could not parse the JSON body of your request.');
      }
      return complete(res, body as ChatRequest);
    }
    if (isModels && req.method === 'GET') {
      return sendJson(res, 200, { object: 'list', data: MODELS.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'verso-tests' })) });
    }
    sendError(res, 404, `Unknown request URL: ${req.method} ${path}.`);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    enqueue: (...behaviours) => void queue.push(...behaviours),
    setDefault: (behaviour) => void (fallback = { ...behaviour }),
    setScript: (next) => void (script = next),
    reset: () => {
      queue.length = 0;
      fallback = {};
      script = null;
      requests.length = 0;
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
