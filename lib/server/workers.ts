// VERSO_WORKERS > 1: several server processes sharing the port (node:cluster), for the cores
// one Node.js process leaves idle. Each worker is a whole server (lib/server/serve.ts) with its
// own caches, group commit and eval worker; Postgres is what they share (lib/env.ts refuses
// more than one worker on the embedded database). The first worker starts alone, so that one
// process runs the migrations and the first-start set-up; the others follow once it is ready.
import cluster, { type Worker } from 'node:cluster';

export const WORKER_READY = 'verso:ready';

/** Runs in the primary process: forks `count` workers, and stops them all on a signal or when one dies. */
export function superviseWorkers(count: number) {
  const workers = new Set<Worker>();
  let exitCode: number | undefined;
  const stopAll = (signal: NodeJS.Signals, code: number) => {
    exitCode ??= code;
    for (const worker of workers) worker.process.kill(signal);
    if (workers.size === 0) process.exit(exitCode);
  };
  const fork = () => {
    const worker = cluster.fork();
    workers.add(worker);
    worker.on('exit', (code, signal) => {
      workers.delete(worker);
      // A worker that dies on its own takes the others with it: a supervisor restarts the whole.
      if (exitCode === undefined) {
        console.error(`Verso worker ${worker.process.pid} exited (${signal ?? `code ${code}`}); stopping the others.`);
        stopAll('SIGTERM', 1);
      } else if (workers.size === 0) process.exit(exitCode);
    });
    return worker;
  };
  fork().once('message', (message) => {
    if (message !== WORKER_READY || exitCode !== undefined) return;
    for (let i = 1; i < count; i++) fork();
  });
  // The exit codes `next start` uses: 128 + the signal's number.
  process.on('SIGINT', () => stopAll('SIGINT', 130));
  process.on('SIGTERM', () => stopAll('SIGTERM', 143));
}

/** In a worker: tells the primary that this one is serving (so the next may start). */
export function reportReady() {
  if (cluster.isWorker) process.send?.(WORKER_READY);
}
