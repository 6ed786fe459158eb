import os from 'node:os';
import { getDb } from '@/db/client';
import * as q from '@/db/queries/evals';
import { getVersionByNumber } from '@/db/queries/prompts';
import { DatabaseNotReadyError, isDatabaseUnavailable } from '@/db/unavailable';
import { VersoError } from '@/lib/api/errors';
import { env } from '@/lib/env';
import { newId } from '@/lib/ids';
import { languageModel } from '@/lib/models/providers';
import { runItem, type ItemOutcome, type RunPlan } from './item-run';
import { pace } from './limiter';
import { runViews } from './run-views';
import type { EvalRunView, EvaluatorSpec } from './schemas';

// A run is worked by whoever holds its lease: this server's background worker, or the CLI.
// The lease is renewed every third of its length; a worker that stops renewing (it crashed, or
// lost the database) loses the run when the lease runs out, and the next worker to claim it
// carries on from the items that have no result. Items are recorded once whatever happens: see
// item-run.ts.

export type WorkOptions = {
  owner: string;
  onProgress?: (progress: EvalRunView['progress']) => void;
  /** Called after each item this worker finished (recorded or dropped as a duplicate): the benchmark's probe. */
  onItem?: (outcome: ItemOutcome) => void;
};

/**
 * Works one run to its end in this process under `owner`'s lease: the items without a result, at
 * the run's concurrency and rate, each recorded once. Returns the finished (or cancelled) run.
 * 409 when another worker holds the run's lease.
 */
export async function workEvalRun(runId: string, options: WorkOptions): Promise<EvalRunView> {
  const conn = getDb();
  const found = await q.getEvalRunById(conn, runId);
  if (!found) throw new VersoError('not_found', `No eval run ${runId}.`);
  if (found.status !== 'queued' && found.status !== 'running') return viewOf(runId);
  const claimed = await q.claimEvalRunById(conn, runId, options.owner, env().VERSO_EVAL_LEASE_MS);
  if (!claimed) {
    const now = await q.getEvalRunById(conn, runId);
    if (now && now.status !== 'queued' && now.status !== 'running') return viewOf(runId);
    throw new VersoError('conflict', `Eval run ${runId} is being worked by ${now?.leaseOwner ?? 'another worker'} (lease until ${now?.leaseExpiresAt?.toISOString() ?? '?'}).`, {
      leaseOwner: now?.leaseOwner ?? null,
    });
  }
  return workClaimed(claimed, options);
}

type Stop = 'cancelled' | 'lost' | 'unavailable' | 'failed' | 'shutdown';

async function workClaimed(run: q.EvalRunRow, options: WorkOptions & { shouldStop?: () => boolean }): Promise<EvalRunView> {
  const { owner } = options;
  const leaseMs = env().VERSO_EVAL_LEASE_MS;
  const state: { stop: Stop | null; error: unknown } = { stop: null, error: undefined };
  const halt = (why: Stop, error?: unknown) => {
    if (state.stop) return;
    state.stop = why;
    state.error = error;
  };

  let beating = false;
  const heartbeat = setInterval(async () => {
    if (beating) return;
    beating = true;
    try {
      if (await q.renewEvalRunLease(getDb(), run.id, owner, leaseMs)) return;
      const now = await q.getEvalRunById(getDb(), run.id);
      halt(now?.status === 'cancelled' ? 'cancelled' : 'lost');
    } catch (error) {
      // The database is away: no item could be recorded anyway; the lease runs out and a worker resumes.
      if (isDatabaseUnavailable(error)) halt('unavailable', error);
      else console.error(`[verso] eval run ${run.id}: could not renew the lease`, error);
    } finally {
      beating = false;
    }
  }, Math.max(100, Math.floor(leaseMs / 3)));
  heartbeat.unref();

  try {
    const plan = await planOf(run);
    if (typeof plan === 'string') {
      halt('failed', new VersoError('invalid', plan));
    } else {
      const conn = getDb();
      const [items, [totals]] = await Promise.all([q.listPendingItems(conn, run), q.sumEvalResults(conn, [run.id])]);
      const progress = { total: run.itemCount, done: totals?.done ?? 0, succeeded: totals?.succeeded ?? 0, failed: totals?.failed ?? 0 };
      let next = 0;
      const lane = async () => {
        while (!state.stop && next < items.length) {
          if (options.shouldStop?.()) return halt('shutdown');
          const item = items[next++]!;
          try {
            const outcome = await runItem(plan, item);
            if (outcome.recorded) {
              progress.done++;
              progress[outcome.status === 'success' ? 'succeeded' : 'failed']++;
              options.onProgress?.({ ...progress });
            }
            options.onItem?.(outcome);
          } catch (error) {
            halt(isDatabaseUnavailable(error) ? 'unavailable' : 'failed', error);
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(run.concurrency, items.length) }, lane));
    }
  } catch (error) {
    halt(isDatabaseUnavailable(error) ? 'unavailable' : 'failed', error);
  } finally {
    clearInterval(heartbeat);
  }

  if (state.stop === 'unavailable') throw state.error;
  if (state.stop === 'failed') {
    const message = state.error instanceof Error ? state.error.message : String(state.error);
    if (!(state.error instanceof VersoError)) console.error(`[verso] eval run ${run.id} failed`, state.error);
    await q.finishEvalRun(getDb(), run.id, owner, { status: 'failed', error: message });
  } else if (state.stop === null) {
    // Finishes only if still ours and running: a cancel that came meanwhile stays a cancel.
    await q.finishEvalRun(getDb(), run.id, owner, { status: 'completed' });
  }
  return viewOf(run.id);
}

/** What every item needs, or why the run cannot go on at all. */
async function planOf(run: q.EvalRunRow): Promise<RunPlan | string> {
  const conn = getDb();
  const [row, withDataset] = await Promise.all([getVersionByNumber(conn, run.promptId, run.version), q.getEvalRunById(conn, run.id)]);
  if (!row) return `Version ${run.version} of prompt "${run.promptName}" no longer exists.`;
  const { provider, model } = run.modelConfig;
  if (!provider || !model) return `The run's model config names no provider or model.`;
  try {
    languageModel(provider, model);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  return {
    run,
    row,
    dataset: withDataset!.datasetName,
    evaluators: run.evaluators as EvaluatorSpec[],
    provider,
    model,
    pace: pace(run.requestsPerMinute),
  };
}

async function viewOf(runId: string): Promise<EvalRunView> {
  const conn = getDb();
  const row = await q.getEvalRunById(conn, runId);
  if (!row) throw new VersoError('not_found', `No eval run ${runId}.`);
  const [view] = await runViews(conn, [row]);
  return view!;
}

// The server's background worker: one per process, kept on globalThis so a reloaded module
// (next dev) finds the one already running.
type BackgroundWorker = {
  owner: string;
  timer: NodeJS.Timeout;
  active: Map<string, Promise<unknown>>;
  /** The poll under way, if any: a claim it is making when the worker stops still adds its run to `active`. */
  polling: Promise<void> | undefined;
  again: boolean;
  stopped: boolean;
  maxRuns: number;
};
const g = globalThis as unknown as { __versoEvalWorker?: BackgroundWorker };

const POLL_MS = 1_000;

/** Starts this process's background worker once: it picks up queued runs and runs whose lease ran out. */
export function startEvalWorker(options: { pollMs?: number; maxRuns?: number } = {}): void {
  if (g.__versoEvalWorker && !g.__versoEvalWorker.stopped) return;
  const timer = setInterval(() => void poll(), options.pollMs ?? POLL_MS);
  timer.unref();
  g.__versoEvalWorker = {
    owner: `${os.hostname()}:${process.pid}:${newId().slice(-8)}`,
    timer,
    active: new Map(),
    polling: undefined,
    again: false,
    stopped: false,
    // A few runs side by side: one long run does not hold up the others; the provider's slots are shared.
    maxRuns: options.maxRuns ?? 2,
  };
  void poll();
}

/** After a run is created: look now rather than at the next poll. */
export function nudgeEvalWorker(): void {
  if (g.__versoEvalWorker && !g.__versoEvalWorker.stopped) void poll();
}

/**
 * Stops the worker (a graceful stop of the server, tests): no new run is claimed and no new item
 * starts; the items in flight finish and are recorded, waited for at most `withinMs` (without it,
 * for as long as they take). Then the runs this worker still holds are let go of, so another
 * server's worker resumes them at its next poll instead of once the lease runs out, and redoes
 * nothing but items cut off by the deadline. Resolves with the ids of the runs let go of.
 */
export async function stopEvalWorker(options: { withinMs?: number } = {}): Promise<string[]> {
  const worker = g.__versoEvalWorker;
  if (!worker) return [];
  worker.stopped = true;
  clearInterval(worker.timer);
  let timer: NodeJS.Timeout | undefined;
  const deadline = options.withinMs === undefined ? undefined : new Promise<void>((resolve) => (timer = setTimeout(resolve, options.withinMs)));
  const within = (work: Promise<unknown>) => (deadline ? Promise.race([work, deadline]) : work);
  await within(worker.polling ?? Promise.resolve());
  await within(Promise.allSettled([...worker.active.values()]));
  clearTimeout(timer);
  let released: string[] = [];
  try {
    released = (await q.releaseEvalRunsHeldBy(getDb(), worker.owner)).map((run) => run.id);
  } catch (error) {
    // No database, nothing to let go of by hand: the leases run out and the runs resume then.
    if (!(error instanceof DatabaseNotReadyError) && !isDatabaseUnavailable(error)) console.error('[verso] eval worker: could not let go of its runs', error);
  }
  if (g.__versoEvalWorker === worker) g.__versoEvalWorker = undefined;
  return released;
}

function poll(): Promise<void> {
  const worker = g.__versoEvalWorker;
  if (!worker || worker.stopped) return Promise.resolve();
  if (worker.polling) {
    worker.again = true;
    return worker.polling;
  }
  worker.polling = claimRuns(worker).finally(() => {
    worker.polling = undefined;
  });
  return worker.polling;
}

async function claimRuns(worker: BackgroundWorker): Promise<void> {
  try {
    do {
      worker.again = false;
      while (!worker.stopped && worker.active.size < worker.maxRuns) {
        const run = await q.claimNextEvalRun(getDb(), worker.owner, env().VERSO_EVAL_LEASE_MS);
        if (!run || worker.active.has(run.id)) break;
        const work = workClaimed(run, { owner: worker.owner, shouldStop: () => worker.stopped })
          .catch((error: unknown) => {
            if (isDatabaseUnavailable(error)) console.warn(`[verso] eval run ${run.id}: the database went away; the run resumes when it is back.`);
            else console.error(`[verso] eval run ${run.id}:`, error);
          })
          .finally(() => {
            worker.active.delete(run.id);
            void poll();
          });
        worker.active.set(run.id, work);
      }
    } while (worker.again && !worker.stopped);
  } catch (error) {
    if (!(error instanceof DatabaseNotReadyError) && !isDatabaseUnavailable(error)) console.error('[verso] eval worker:', error);
  }
}
