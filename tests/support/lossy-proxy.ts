// An HTTP proxy on 127.0.0.1 in front of the app server that can lose answers: a request chosen
// by `drop` is forwarded and fully handled upstream, then the client's connection is destroyed
// before any answer, as when a server restarts between doing the work and answering. Also
// answers chosen requests itself (`answer`), for 429s and 503s.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type ProxiedRequest = { method: string; path: string; body: string };
export type LossyProxy = {
  url: string;
  /** Every request that reached the proxy, in order. */
  seen: ProxiedRequest[];
  drop: (request: ProxiedRequest) => boolean;
  answer: (request: ProxiedRequest) => { status: number; headers?: Record<string, string>; body?: string } | null;
  close: () => Promise<void>;
};

const FORWARDED = ['authorization', 'content-type', 'if-none-match', 'accept'];
const RETURNED = ['content-type', 'etag', 'cache-control', 'retry-after'];

export async function startLossyProxy(target: string): Promise<LossyProxy> {
  const proxy: LossyProxy = { url: '', seen: [], drop: () => false, answer: () => null, close: async () => {} };
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const request = { method: req.method ?? 'GET', path: req.url ?? '/', body: Buffer.concat(chunks).toString('utf8') };
    proxy.seen.push(request);
    const own = proxy.answer(request);
    if (own) {
      res.writeHead(own.status, own.headers ?? {});
      return void res.end(own.body ?? '');
    }
    const headers: Record<string, string> = {};
    for (const name of FORWARDED) if (typeof req.headers[name] === 'string') headers[name] = req.headers[name];
    const upstream = await fetch(`${target}${request.path}`, { method: request.method, headers, body: chunks.length > 0 ? request.body : undefined });
    const body = Buffer.from(await upstream.arrayBuffer());
    if (proxy.drop(request)) return void req.socket.destroy();
    const back: Record<string, string> = {};
    for (const name of RETURNED) {
      const value = upstream.headers.get(name);
      if (value !== null) back[name] = value;
    }
    res.writeHead(upstream.status, back);
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}
