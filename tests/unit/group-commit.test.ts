import { describe, expect, it } from 'vitest';
import { groupCommit } from '@/lib/executions/group-commit';

// Rows that arrive together share one statement; when that statement fails, only the row to
// blame may fail, and finding it must not cost its batch-mates a statement each.

let queues = 0;

/** A writer whose statements fail when they carry a row marked bad, counting the statements sent. */
function writer({ unavailable = false } = {}) {
  const statements: number[][] = [];
  const write = groupCommit<number>(`test-${++queues}`, async (rows) => {
    statements.push(rows);
    if (unavailable) throw Object.assign(new Error('connection refused'), { code: 'ECONNREFUSED' });
    if (rows.some((r) => r < 0)) throw new Error(`row ${rows.find((r) => r < 0)} is bad`);
  });
  return { write, statements };
}

const settle = (promises: Promise<void>[]) => Promise.allSettled(promises).then((all) => all.map((r) => r.status));

describe('group commit', () => {
  it('writes rows that arrive together in one statement', async () => {
    const { write, statements } = writer();
    const outcomes = await settle(Array.from({ length: 100 }, (_, i) => write(i)));
    expect(outcomes.every((o) => o === 'fulfilled')).toBe(true);
    expect(statements).toHaveLength(1);
  });

  it('fails only the bad row of a batch, in a few statements rather than one per row', async () => {
    const { write, statements } = writer();
    const rows = Array.from({ length: 256 }, (_, i) => (i === 77 ? -1 : i));
    const outcomes = await settle(rows.map((r) => write(r)));
    expect(outcomes.filter((o) => o === 'rejected')).toHaveLength(1);
    expect(outcomes[77]).toBe('rejected');
    // Every good row written exactly once.
    expect(statements.filter((s) => !s.includes(-1)).flat().sort((a, b) => a - b)).toEqual(rows.filter((r) => r >= 0));
    // Halving: the first statement, then two per level down to the bad row (2·log2(256) = 16).
    expect(statements.length).toBeLessThanOrEqual(1 + 2 * Math.log2(256));
  });

  it('fails every row of a batch with two bad ones, and nothing else', async () => {
    const { write } = writer();
    const rows = Array.from({ length: 50 }, (_, i) => (i === 3 || i === 40 ? -i : i + 1));
    const outcomes = await settle(rows.map((r) => write(r)));
    expect(outcomes.map((o, i) => (o === 'rejected' ? i : null)).filter((i) => i !== null)).toEqual([3, 40]);
  });

  it('does not retry when the database cannot be reached: no row is to blame', async () => {
    const { write, statements } = writer({ unavailable: true });
    const outcomes = await settle(Array.from({ length: 64 }, (_, i) => write(i)));
    expect(outcomes.every((o) => o === 'rejected')).toBe(true);
    expect(statements).toHaveLength(1);
  });

  it('answers each caller the result its item got from the shared statement', async () => {
    const statements: number[][] = [];
    const double = groupCommit<number, number>(`test-${++queues}`, async (items) => {
      statements.push(items);
      return items.map((i) => i * 2);
    });
    expect(await Promise.all(Array.from({ length: 50 }, (_, i) => double(i)))).toEqual(Array.from({ length: 50 }, (_, i) => i * 2));
    expect(statements).toHaveLength(1);
  });

  it('keeps a request’s rows in one statement, and puts at most 1,000 rows in a statement unless one request is larger', async () => {
    const statements: number[][][] = [];
    const write = groupCommit<number[]>(`test-${++queues}`, async (items) => void statements.push(items), { rows: (rows) => rows.length });
    const requests = [400, 400, 400, 1_500, 10].map((n, r) => Array.from({ length: n }, () => r));
    await Promise.all(requests.map((rows) => write(rows)));
    // Each request whole in exactly one statement, in arrival order.
    expect(statements.map((s) => s.map((rows) => rows[0]))).toEqual([[0, 1], [2], [3], [4]]);
    expect(statements.map((s) => s.flat().length)).toEqual([800, 400, 1_500, 10]);
  });
});
