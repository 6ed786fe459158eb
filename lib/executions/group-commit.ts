// Group commit: a caller waits until its item is written, but items that arrive while one
// statement is in flight share the next one. Under load that turns N round trips into one per
// batch; alone, an item is written at once. Nothing is ever dropped.
// The first statement waits for the end of the current turn of the event loop (setImmediate),
// so the requests read from the sockets in the same turn share it: a statement costs far
// more than a row (on PGlite about 1.5 ms against 0.1 ms), and a turn is well under a millisecond.
// Two statements may be in flight at once, each taking what is waiting when it starts: with one,
// the database works on one core while the next batch waits; Postgres inserts about 50,000
// execution rows a second per statement stream. Items whose callers wait on each other (a
// finish after its insert) are ordered by those callers; concurrent items have no order to keep.
import { isDatabaseUnavailable } from '@/db/unavailable';

/** Rows per statement; an item is never split, so one larger than this goes alone. */
const MAX_ROWS = 1_000;
// A batch that fails is split in halves and each half written again, down to single items: one
// bad item (input is checked at the API boundary, so this is the last line of defence) fails
// alone, and costs its batch-mates about 2·log2(batch) extra statements instead of one each.
// A lost database blames no item: the whole batch fails at once, without retries.

type Pending<T, R> = { item: T; resolve: (result: R) => void; reject: (error: unknown) => void };
type Queue<T, R> = { pending: Pending<T, R>[]; inFlight: number };

const MAX_IN_FLIGHT = 2;

type Options<T> = { /** Rows an item writes (default 1): a request's whole batch travels as one item. */ rows?: (item: T) => number };

/**
 * A writer that batches. `write` answers one result per item, in order (or nothing, for a
 * writer with nothing to tell). `name` keys its queue on globalThis: Next bundles route
 * handlers and server actions apart, and they must share one queue per kind of write.
 */
export function groupCommit<T, R = void>(name: string, write: (items: T[]) => Promise<R[] | void>, options: Options<T> = {}): (item: T) => Promise<R> {
  const g = globalThis as unknown as Record<string, Queue<T, R> | undefined>;
  const queue: Queue<T, R> = (g[`__versoGroupCommit:${name}`] ??= { pending: [], inFlight: 0 });
  const rowsOf = options.rows ?? (() => 1);

  function nextBatch(): Pending<T, R>[] {
    let rows = 0;
    let count = 0;
    while (count < queue.pending.length && (count === 0 || rows + rowsOf(queue.pending[count]!.item) <= MAX_ROWS)) {
      rows += rowsOf(queue.pending[count]!.item);
      count++;
    }
    return queue.pending.splice(0, count);
  }

  async function flush() {
    try {
      while (queue.pending.length > 0) await writeBatch(nextBatch());
    } finally {
      queue.inFlight--;
    }
  }

  async function writeBatch(batch: Pending<T, R>[]): Promise<void> {
    try {
      const results = await write(batch.map((p) => p.item));
      batch.forEach((p, i) => p.resolve(results ? results[i]! : (undefined as R)));
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

  return (item) =>
    new Promise((resolve, reject) => {
      queue.pending.push({ item, resolve, reject });
      if (queue.inFlight < MAX_IN_FLIGHT) {
        queue.inFlight++;
        setImmediate(() => void flush());
      }
    });
}
