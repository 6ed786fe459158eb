import { inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import type { NewExecution } from '@/db/queries/executions';
import { executions } from '@/db/schema';
import { recordExecution } from '@/lib/executions/recorder';
import { newId } from '@/lib/ids';
import { callApi, withApiKeys } from '../support/api';
import { withTestDatabase } from '../support/db';
import { givenPrompt } from '../support/prompts';

// Executions that arrive together are inserted by one statement. A row Postgres refuses (here a
// NUL character, which the API refuses before it gets this far) fails alone: its batch-mates
// are committed and their callers answered.

withTestDatabase();
const keys = withApiKeys();

const execution = (overrides: Partial<NewExecution> = {}): NewExecution => ({ id: newId(), variables: {}, status: 'resolved', source: 'resolve', ...overrides });

describe('group commit of executions', () => {
  it('commits every row of a concurrent batch but the one Postgres refuses', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => execution(i === 17 ? { output: 'bad\u0000row' } : { unitId: `u${i}` }));
    const outcomes = await Promise.allSettled(rows.map((r) => recordExecution(r)));
    expect(outcomes.map((o, i) => (o.status === 'rejected' ? i : null)).filter((i) => i !== null)).toEqual([17]);
    const stored = await getDb().select({ id: executions.id }).from(executions).where(inArray(executions.id, rows.map((r) => r.id)));
    expect(stored.map((s) => s.id).sort()).toEqual(rows.filter((_, i) => i !== 17).map((r) => r.id).sort());
  });

  it('answers every good resolve of a concurrent burst that carries NUL characters, and refuses only those', async () => {
    await givenPrompt('burst', { labels: ['production'] });
    const calls = Array.from({ length: 30 }, (_, i) =>
      callApi('resolvePrompt', { key: keys.admin, params: { name: 'burst' }, body: { unitId: `u${i}`, variables: { name: i % 10 === 3 ? 'x\u0000' : 'ok' } } }),
    );
    const statuses = (await Promise.all(calls)).map((r) => r.status);
    expect(statuses).toEqual(Array.from({ length: 30 }, (_, i) => (i % 10 === 3 ? 400 : 200)));
  });
});
