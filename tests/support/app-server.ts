// The app's API route handlers (app/api/v1/**/route.ts) behind a plain node:http server on
// 127.0.0.1, in the test's process and on the test's database: real HTTP for clients such as
// the simulator, without a Next.js build. Paths match as Next.js matches them: a static
// segment before a dynamic one, path parameters handed over still percent-encoded.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { discoverRoutes } from './routes';

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Response | Promise<Response>;
type Route = { segments: string[]; handlers: Record<string, Handler> };

export type AppServer = { url: string; close: () => Promise<void> };

const dynamic = (segment: string) => segment.startsWith('{');

async function loadRoutes(root?: string): Promise<Route[]> {
  const routes = await Promise.all(
    (await discoverRoutes(root)).map(async (r) => {
      const module = (await import(path.resolve(r.file))) as Record<string, Handler>;
      return { segments: r.openApiPath.split('/').filter(Boolean), handlers: Object.fromEntries(r.exported.map((m) => [m, module[m]!])) };
    }),
  );
  // Most specific first: at the first segment where two routes differ, the static one wins.
  return routes.sort((a, b) => {
    for (let i = 0; i < Math.min(a.segments.length, b.segments.length); i++) {
      if (dynamic(a.segments[i]!) !== dynamic(b.segments[i]!)) return dynamic(a.segments[i]!) ? 1 : -1;
    }
    return 0;
  });
}

function match(routes: Route[], pathname: string) {
  const parts = pathname.split('/').filter(Boolean);
  for (const route of routes) {
    if (route.segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    if (route.segments.every((s, i) => (dynamic(s) ? ((params[s.slice(1, -1)] = parts[i]!), true) : s === parts[i]))) return { route, params };
  }
  return undefined;
}

/** Writes the body as the handler produces it, chunk by chunk, so event streams reach the client as they happen. */
async function pipeBody(response: Response, res: http.ServerResponse) {
  if (!response.body) return void res.end();
  const reader = response.body.getReader();
  // A client that goes away cancels the stream, as Next.js does.
  const cancel = () => void reader.cancel().catch(() => {});
  res.once('close', cancel);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) await new Promise<void>((resolve) => res.once('drain', resolve).once('close', resolve));
      if (res.destroyed) return;
    }
    res.end();
  } finally {
    res.off('close', cancel);
  }
}

const notFound = () => Response.json({ error: { code: 'not_found', message: 'No such route.' } }, { status: 404 });

/**
 * `root`: the route files to serve (default app/api/v1; app/api/public for the Langfuse-compatible API).
 * `port`: 0 for any free one; a server restarted on the port it had is the same address to its clients.
 */
export async function startAppServer(root?: string, { port = 0 }: { port?: number } = {}): Promise<AppServer> {
  const routes = await loadRoutes(root);
  const server = http.createServer(async (req, res) => {
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
      const request = new Request(url, { method: req.method, headers, body: chunks.length > 0 ? Buffer.concat(chunks) : undefined });
      const found = match(routes, url.pathname);
      const handlers = found?.route.handlers;
      // As Next.js does: every method a route file exports (its 405s too), and HEAD from GET.
      const handler = handlers?.[req.method ?? 'GET'] ?? (req.method === 'HEAD' ? handlers?.GET : undefined);
      const response = handler ? await handler(request, { params: Promise.resolve(found!.params) }) : notFound();
      res.writeHead(response.status, Object.fromEntries(response.headers));
      await pipeBody(response, res);
    } catch (error) {
      if (res.headersSent) return void res.destroy(error as Error);
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const listening = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${listening}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
