// Verso's HTTP server: Next.js's own request handler (the same router `next start` uses, so
// pages, routes, the proxy and instrumentation.ts behave alike) behind a node:http server of
// ours, because `next start` offers no hook for what happens before Next.js sees a request:
// a request whose headers are too large, or that is not HTTP, gets Node's bare text answer
// there, and the API promises its JSON error envelope everywhere. The hot API routes are
// answered here without Next.js's request handling (lib/server/fast-routes.ts), and
// VERSO_WORKERS runs several of these servers on one port (lib/server/workers.ts). Run by
// `npm start` (lib/server/start.ts) through serveCommand(); the end-to-end tests and benchmarks
// spawn it the same way.
import cluster from 'node:cluster';
import http from 'node:http';
import next from 'next';
import { ConfigError, parseEnv, type Env } from '@/lib/env';
import { answerClientError } from './client-errors';
import type { FastDispatch } from './fast-routes';
import { reportReady, superviseWorkers } from './workers';

// Longer than a request takes; a stop that waits past it closes what is left.
const STOP_GRACE_MS = 10_000;

async function serve(config: Env) {
  const started = Date.now();
  const host = config.VERSO_HOST;
  const app = next({ dev: false, dir: process.cwd(), hostname: host ?? 'localhost', port: config.PORT });
  let handle: ReturnType<typeof app.getRequestHandler> | undefined;
  // As `next start` does: listen at once, and let the first requests wait for Next.js to be prepared.
  // The hot API routes skip Next.js's request handling (VERSO_FAST_ROUTES, lib/server/fast-routes.ts).
  let fast: FastDispatch | undefined;
  const prepared = app.prepare().then(async () => {
    // Loaded once Next.js is prepared: the route modules need the runtime it sets up (AsyncLocalStorage).
    if (config.VERSO_FAST_ROUTES) fast = (await import('./fast-routes')).fastRoutes();
    handle = app.getRequestHandler();
    reportReady();
  });
  // Loaded ahead of a stop, so that the stop reaches the eval worker at once.
  const evalWorker = config.VERSO_EVAL_WORKER
    ? prepared.then(() => import('@/lib/evals/worker')).catch((error: unknown) => void console.error('Could not load the eval worker:', error))
    : undefined;
  const server = http.createServer(async (req, res) => {
    try {
      if (!handle) await prepared;
      if (fast && (await fast(req, res))) return;
      await handle!(req, res);
    } catch (error) {
      console.error(`Failed to handle request for ${req.url}`, error);
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ error: { code: 'internal', message: 'Something went wrong on our side.' } }));
      } else res.destroy();
    }
  });
  server.on('clientError', answerClientError);
  server.on('error', (error) => {
    console.error('Failed to start the server:', error.message);
    process.exit(1);
  });
  await new Promise<void>((resolve) => server.listen(config.PORT, host, resolve));
  const where = host && host !== '0.0.0.0' && host !== '::' ? host : 'localhost';
  console.log(`   ▲ Next.js ${(require('next/package.json') as { version: string }).version} (Verso server)`);
  console.log(`   - Local:         http://${where.includes(':') ? `[${where}]` : where}:${config.PORT}`);
  if (config.VERSO_FAST_ROUTES) console.log('   - Fast routes:   resolve, events and metrics served without Next.js (VERSO_FAST_ROUTES=0 turns this off)');
  console.log(` ✓ Ready in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  prepared.catch((error: unknown) => {
    console.error('Next.js could not start:', error);
    process.exit(1);
  });

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    const deadline = Date.now() + STOP_GRACE_MS;
    // Stop taking connections, let the requests under way finish, then close the database.
    const force = setTimeout(() => server.closeAllConnections(), STOP_GRACE_MS);
    force.unref();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    // Meanwhile the eval worker starts no new item and lets the items in flight finish (each is a
    // paid model call), then lets go of its runs: another server resumes them at once, not when
    // the lease runs out. Within the same grace: a deploy waits no longer for a model than for a request.
    const evalsStopped = (evalWorker ?? Promise.resolve(undefined))
      .then((worker) => worker?.stopEvalWorker({ withinMs: Math.max(0, deadline - Date.now()) }) ?? [])
      .then((released) => {
        if (released.length > 0) console.log(`   - Eval runs let go of for another server to resume: ${released.join(', ')}`);
      })
      .catch((error: unknown) => console.error('Stopping the eval worker failed:', error));
    void Promise.all([closed, evalsStopped]).then(async () => {
      clearTimeout(force);
      await app.close().catch((error: unknown) => console.error(error));
      const { closeDatabase } = await import('@/db/client');
      await closeDatabase().catch((error: unknown) => console.error('Closing the database failed:', error));
      // The exit codes `next start` uses: 128 + the signal's number.
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

function main() {
  let config: Env;
  try {
    config = parseEnv(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  if (config.VERSO_WORKERS > 1 && cluster.isPrimary) return superviseWorkers(config.VERSO_WORKERS);
  serve(config).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}

main();
