// The floor for tests/bench/hot-path.bench.ts: a bare node:http server doing a hot route's work
// and nothing else: parse the JSON with the route's zod schema, call the same service (cached
// serving config, assignment, render, the execution row through the same group-commit recorder;
// or the events and metrics writers), answer JSON. No API-key check, no web Request/Response,
// no security headers, no compression.
// Run: DATABASE_URL=… PORT=… tsx tests/bench/hot-path-baseline.ts (on a migrated database).
import http from 'node:http';
import { openDatabase, useDatabase } from '@/db/client';
import { systemActor } from '@/lib/auth/roles';
import { recordMetrics } from '@/lib/executions/outcomes';
import { resolvePrompt } from '@/lib/executions/resolve';
import { metricBatchInput, resolveInput } from '@/lib/executions/schemas';
import { recordEvents } from '@/lib/serving/events';
import { eventBatch } from '@/lib/serving/schemas';

const RESOLVE = /^\/api\/v1\/prompts\/([^/]+)\/resolve$/;

async function work(url: string, body: unknown): Promise<unknown> {
  const resolve = RESOLVE.exec(url);
  if (resolve) return resolvePrompt(decodeURIComponent(resolve[1]!), resolveInput.parse(body));
  if (url === '/api/v1/events') return recordEvents(systemActor, eventBatch.parse(body));
  if (url === '/api/v1/metrics') return recordMetrics(metricBatchInput.parse(body).items);
  throw new Error(`no such route: ${url}`);
}

async function main() {
  useDatabase(await openDatabase({ url: process.env.DATABASE_URL!, dataDir: '.data' }));
  const server = http.createServer(async (req, res) => {
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const result = await work(req.url ?? '', JSON.parse(Buffer.concat(chunks).toString('utf8')));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result));
    } catch (error) {
      console.error(error);
      res.writeHead(500).end();
    }
  });
  server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('baseline ready'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
