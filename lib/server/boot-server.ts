import { env } from '@/lib/env';
import { bootstrap, firstBootAttempt } from './bootstrap';

/**
 * The server's start (instrumentation.ts): a start that works at once is waited for, as before,
 * so the first requests find the database ready. While the database cannot be reached the
 * start goes on retrying in the background and the server answers meanwhile (503 from the API
 * and /api/health) instead of hanging or answering 500 forever.
 */
export async function bootServer(): Promise<void> {
  bootstrap().then(startWorkers, (error: unknown) => {
    // Not a database that is down (that is retried) but a start that cannot work: a configuration
    // error, a data directory in use, a failed migration, or VERSO_DB_CONNECT_TIMEOUT_MS ran out.
    // Exiting lets a supervisor (or the person at `npm start`) see it.
    console.error('Verso cannot start:', error instanceof Error ? error.message : error);
    process.exit(1);
  });
  await firstBootAttempt();
}

/** Background work that needs the database: the eval worker (VERSO_EVAL_WORKER, on by default). */
function startWorkers() {
  if (!env().VERSO_EVAL_WORKER) return;
  import('@/lib/evals/worker')
    .then((worker) => worker.startEvalWorker())
    .catch((error: unknown) => console.error('Verso could not start the eval worker:', error));
}
