// The hot API routes served without Next.js's request handling, which costs most of a request
// on them (issue 11). Each goes to the very handler its route file exports (route(): key, role,
// zod, limits, envelope), with what a client would otherwise get from Next.js and proxy.ts: the
// security headers and the path check. Only POST, on paths that decode; anything else (another
// method, a trailing slash, `%zz`) goes to Next.js as before. The handlers run in this server's
// module graph, not Next's bundle: the database, the caches, the group-commit queues and the
// tracing state live on globalThis (db/client.ts, lib/prompts/serving.ts …), so both graphs
// share them, and the requests wait, like Next's, until instrumentation.ts has booted.
import type http from 'node:http';
import { malformedApiPath } from '@/lib/api/malformed-path';
import { MAX_BODY_BYTES } from '@/lib/api/route';
import { policyFor, STATIC_SECURITY_HEADERS } from './security-headers';

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
type FastRoute = { path: RegExp; param?: string; load: () => Promise<{ POST: Handler }> };

const FAST_ROUTES: FastRoute[] = [
  { path: /^\/api\/v1\/prompts\/([^/]+)\/resolve$/, param: 'name', load: () => import('@/app/api/v1/prompts/[name]/resolve/route') },
  { path: /^\/api\/v1\/events$/, load: () => import('@/app/api/v1/events/route') },
  { path: /^\/api\/v1\/metrics$/, load: () => import('@/app/api/v1/metrics/route') },
  { path: /^\/api\/v1\/executions\/([^/]+)\/metrics$/, param: 'id', load: () => import('@/app/api/v1/executions/[id]/metrics/route') },
];

// route() stops reading at 1 MB (413); one byte more is enough for it to see the excess.
const READ_LIMIT = MAX_BODY_BYTES + 1;

export type FastDispatch = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<boolean>;

/** A dispatcher answering the hot routes itself; false for a request it leaves to Next.js. */
export function fastRoutes(): FastDispatch {
  const handlers = new Map<FastRoute, Promise<Handler>>();
  const handlerOf = (route: FastRoute) => {
    let handler = handlers.get(route);
    if (!handler) handlers.set(route, (handler = route.load().then((m) => m.POST)));
    return handler;
  };
  return async (req, res) => {
    if (req.method !== 'POST') return false;
    const url = req.url ?? '';
    const queryAt = url.indexOf('?');
    const pathname = queryAt < 0 ? url : url.slice(0, queryAt);
    const route = FAST_ROUTES.find((r) => r.path.test(pathname));
    if (!route || malformedApiPath(pathname)) return false;
    const params: Record<string, string> = route.param ? { [route.param]: route.path.exec(pathname)![1]! } : {};
    const handler = await handlerOf(route);
    const response = await handler(await webRequest(req, url), { params: Promise.resolve(params) });
    await send(response, pathname, req, res);
    return true;
  };
}

async function webRequest(req: http.IncomingMessage, url: string): Promise<Request> {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  // A declared length over the limit is refused by route() before it reads; don't read it here either.
  const declared = Number(req.headers['content-length'] ?? 0);
  const body = declared > READ_LIMIT ? undefined : await readBody(req);
  return new Request(`http://localhost${url}`, { method: 'POST', headers, body: body && new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.length) });
}

// Up to the limit and no further: a body past it is never held whole.
function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = () => {
      req.off('data', onData).off('end', finish).off('error', reject);
      resolve(Buffer.concat(chunks, size));
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      // Enough to refuse; the rest keeps flowing, to no listener (dropped), so that the client
      // gets its 413 rather than a connection reset under a body still on its way.
      if (size >= READ_LIMIT) finish();
    };
    req.on('data', onData).on('end', finish).on('error', reject);
  });
}

// What Next.js adds to an App Router answer: this Vary (base-server.ts), and compression for a
// client that accepts it, by the very middleware Next.js uses (router-server.ts), which appends
// Accept-Encoding to Vary and compresses whatever is streamed to it, however short.
const NEXT_VARY = 'rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch';
type Middleware = (req: http.IncomingMessage, res: http.ServerResponse, next: () => void) => void;
const compression = (require('next/dist/compiled/compression') as () => Middleware)();

/** The handler's answer with the headers proxy.ts and Next.js put on it. */
async function send(response: Response, pathname: string, req: http.IncomingMessage, res: http.ServerResponse) {
  const body = response.body ? new Uint8Array(await response.arrayBuffer()) : undefined;
  res.statusCode = response.status;
  res.setHeader('vary', NEXT_VARY);
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') res.setHeader(name, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader('set-cookie', cookies);
  res.setHeader('content-security-policy', policyFor(pathname));
  for (const [name, value] of Object.entries(STATIC_SECURITY_HEADERS)) res.setHeader(name, value);
  await new Promise<void>((resolve) => compression(req, res, resolve));
  // Headers first, then the body, as Next.js streams it: the compression decides on the headers alone.
  res.writeHead(response.status);
  if (body) res.write(body);
  res.end();
}
