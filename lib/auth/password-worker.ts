import { Worker } from 'node:worker_threads';

// bcrypt is ~150 ms of CPU per check: on the main thread, 4 clients signing in made every API
// request wait (p50 12 ms -> 594 ms). One worker thread does all hashing, one job at a time in
// the order asked: sign-ins queue behind each other, never in front of API requests. One
// worker, not a pool: it bounds sign-ins to one core whatever an attacker sends (the login
// limits bound what they can send anyway).
//
// Evaluated source rather than a file: the app is bundled by Next.js, and a worker file would
// need a path that survives bundling. bcryptjs stays external (next.config.mjs), so `require`
// finds it in the project's node_modules from the working directory, as the server's does.
const SOURCE = `
const { parentPort } = require('node:worker_threads');
const bcrypt = require('bcryptjs');
parentPort.on('message', ({ id, op, password, hash, cost }) => {
  try {
    const result = op === 'hash' ? bcrypt.hashSync(password, cost) : bcrypt.compareSync(password, hash);
    parentPort.postMessage({ id, result });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.message || error) });
  }
});
`;

export type PasswordJob = { op: 'hash'; password: string; cost: number } | { op: 'compare'; password: string; hash: string };

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

let current: { worker: Worker; pending: Map<number, Pending> } | undefined;
let nextId = 0;

function start() {
  const worker = new Worker(SOURCE, { eval: true, name: 'verso-passwords' });
  const pending = new Map<number, Pending>();
  const self = { worker, pending };
  const fail = (error: Error) => {
    if (current === self) current = undefined;
    for (const job of pending.values()) job.reject(error);
    pending.clear();
  };
  worker.on('message', (answer: { id: number; result?: unknown; error?: string }) => {
    const job = pending.get(answer.id);
    pending.delete(answer.id);
    // An idle worker must not keep a CLI command or a test process alive.
    if (pending.size === 0) worker.unref();
    if (answer.error !== undefined) job?.reject(new Error(answer.error));
    else job?.resolve(answer.result);
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`The password worker stopped (exit ${code}).`)));
  worker.unref();
  return self;
}

/** Runs one bcrypt job off the main thread; a worker that dies is replaced on the next job. */
export function runPasswordJob(job: PasswordJob & { op: 'hash' }): Promise<string>;
export function runPasswordJob(job: PasswordJob & { op: 'compare' }): Promise<boolean>;
export function runPasswordJob(job: PasswordJob): Promise<unknown> {
  current ??= start();
  const { worker, pending } = current;
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker.ref();
    worker.postMessage({ id, ...job });
  });
}
