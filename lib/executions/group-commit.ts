// Group commit: a caller waits until its row is written, but rows that arrive while one
// statement is in flight share the next one. Under load that turns N round trips into one per
// batch; alone, a row is written at once. Nothing is ever dropped.
// The first statement waits for the end of the current turn of the event loop (setImmediate),
// so the requests read from the sockets in the same turn share it: a statement costs far
// more than a row (on PGlite about 1.5 ms against 0.1 ms), and a turn is well under a millisecond.
import { isDatabaseUnavailable } from '@/db/unavailable';

const MAX_BATCH = 500;
// A batch that fails is split in halves and each half written again, down to single rows: one
// bad row (input is checked at the API boundary, so this is the last line of defence) fails
// alone, and costs its batch-mates about 2·log2(batch) extra statements instead of one each.
// A lost database blames no row: the whole batch fails at once, without retries.

type Pending<T> = { row: T; resolve: () => void; reject: (error: unknown) => void };
type Queue<T> = { pending: Pending<T>[]; flushing: boolean };

/**
 * A writer that batches. `name` keys its queue on globalThis: Next bundles route handlers and
 * server actions apart, and they must share one queue per kind of write.
 */
export function groupCommit<T>(name: string, write: (rows: T[]) => Promise<void>): (row: T) => Promise<void> {
  const g = globalThis as unknown as Record<string, Queue<T> | undefined>;
  const queue: Queue<T> = (g[`__versoGroupCommit:${name}`] ??= { pending: [], flushing: false });

  async function flush() {
    try {
      while (queue.pending.length > 0) {
        await writeBatch(queue.pending.splice(0, MAX_BATCH));
      }
    } finally {
      queue.flushing = false;
    }
  }

  async function writeBatch(batch: Pending<T>[]): Promise<void> {
    try {
      await write(batch.map((p) => p.row));
      for (const p of batch) p.resolve();
    } catch (error) {
      if (batch.length === 1 || isDatabaseUnavailable(error)) {
        for (const p of batch) p.reject(error);
        return;
      }
      const half = Math.ceil(batch.length / 2);
      await writeBatch(batch.slice(0, half));
      await writeBatch(batch.slice(half));
    }
  }

  return (row) =>
    new Promise((resolve, reject) => {
      queue.pending.push({ row, resolve, reject });
      if (!queue.flushing) {
        queue.flushing = true;
        setImmediate(() => void flush());
      }
    });
}
