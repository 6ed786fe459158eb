import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { env } from '@/lib/env';
import type { RenderFailure, RenderLimits } from './liquid-engine.mjs';

/**
 * Worker threads for the renders the main thread's concatenation plan cannot do (loops, filters,
 * assignments). A render that outlives its budget is stopped by terminating its worker, which
 * also stops a single long filter call (a `sort` of millions of items) that LiquidJS's own
 * time check never interrupts; a fresh worker takes its place.
 */

// Run as it is, not bundled: the same file under tsx, vitest and `next start` (like db/migrations).
const WORKER_FILE = path.join(process.cwd(), 'lib', 'prompts', 'render-worker.mjs');

// The worker's heap: room for its cache of parsed templates and a few renders at the byte limit;
// a template that builds a huge string outside the output (capture, append) kills only the worker.
const WORKER_HEAP_MB = 256;

// The worker checks the time budget itself between tags, and fails cleanly with a template
// position; the pool's deadline, this much later, is for what it cannot interrupt.
const DEADLINE_GRACE_MS = 50;

export type PoolJob = { key: string | null; sources: string[]; scope: Record<string, unknown> };
export type PoolResult = { outputs: string[] } | { failure: RenderFailure };

type Pending = { id: number; job: PoolJob; limits: RenderLimits; resolve: (r: PoolResult) => void; reject: (e: unknown) => void };
type Slot = { worker: Worker; current: Pending | null; timer: NodeJS.Timeout | null; online: boolean };

let nextId = 0;
const slots: Slot[] = [];
const queue: Pending[] = [];

export function limits(): RenderLimits {
  const e = env();
  return { timeoutMs: e.VERSO_RENDER_TIMEOUT_MS, maxBytes: e.VERSO_RENDER_MAX_BYTES };
}

/** Renders in a worker; the promise settles at the latest at the deadline. */
export function renderInPool(job: PoolJob): Promise<PoolResult> {
  return new Promise((resolve, reject) => {
    queue.push({ id: ++nextId, job, limits: limits(), resolve, reject });
    dispatch();
  });
}

function dispatch() {
  while (queue.length > 0) {
    const slot = idleSlot();
    if (!slot) return;
    const pending = queue.shift()!;
    slot.current = pending;
    const { id, job, limits } = pending;
    // The budget starts when the worker can run it, not while a fresh worker boots.
    const arm = () => {
      if (slot.current === pending) slot.timer = setTimeout(() => overrun(slot), limits.timeoutMs + DEADLINE_GRACE_MS);
    };
    if (slot.online) arm();
    else slot.worker.once('online', arm);
    try {
      slot.worker.postMessage({ id, key: job.key, sources: job.sources, scope: job.scope, limits });
    } catch (error) {
      // A value that cannot cross threads (never from JSON) fails this render only.
      finish(slot)?.reject(error);
    }
  }
}

function idleSlot(): Slot | null {
  const idle = slots.find((s) => !s.current);
  if (idle) return idle;
  if (slots.length >= env().VERSO_RENDER_WORKERS) return null;
  const slot = startWorker();
  slots.push(slot);
  return slot;
}

function startWorker(): Slot {
  const worker = new Worker(WORKER_FILE, { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
  const slot: Slot = { worker, current: null, timer: null, online: false };
  worker.once('online', () => (slot.online = true));
  // Idle workers must not keep a CLI command or a test process alive; a render's timer does.
  worker.unref();
  worker.on('message', (message: { id: number } & PoolResult) => {
    if (slot.current?.id !== message.id) return;
    finish(slot)!.resolve(message);
    dispatch();
  });
  // Out of memory (resourceLimits) or any crash: the render it was doing used more than it may.
  // A worker that never started (its file missing) is a broken installation, not a template's fault.
  worker.on('error', (error) => (slot.online ? replace(slot, { failure: { kind: 'limit', limit: 'memory' } }) : broken(slot, error)));
  worker.on('exit', () => replace(slot, { failure: { kind: 'limit', limit: 'memory' } }));
  return slot;
}

function finish(slot: Slot): Pending | null {
  const pending = slot.current;
  if (slot.timer) clearTimeout(slot.timer);
  slot.current = null;
  slot.timer = null;
  return pending;
}

function broken(slot: Slot, error: Error) {
  slots.splice(slots.indexOf(slot), 1);
  slot.worker.removeAllListeners('exit');
  const pending = finish(slot);
  pending?.reject(new Error(`The render worker ${WORKER_FILE} did not start: ${error.message}`));
  // The next render tries again with a new worker; no restart loop.
  dispatch();
}

function overrun(slot: Slot) {
  replace(slot, { failure: { kind: 'limit', limit: 'time' } });
}

/** Retires a worker (stopping whatever it runs), answers its render, and starts the next one. */
function replace(slot: Slot, answer: PoolResult) {
  const index = slots.indexOf(slot);
  if (index < 0) return;
  slots.splice(index, 1);
  slot.worker.removeAllListeners('exit');
  slot.worker.removeAllListeners('error');
  // An error or exit after this point belongs to a worker nobody uses any more.
  slot.worker.on('error', () => {});
  void slot.worker.terminate();
  finish(slot)?.resolve(answer);
  // The next render should not wait for a worker to start (unless this one never started).
  if (slot.online) slots.push(startWorker());
  dispatch();
}
