import { describe, expect, it, vi } from 'vitest';
import { v7 } from 'uuid';
import { getDb } from '@/db/client';
import { labelHistory, pointLabel } from '@/lib/prompts/labels';
import { findPromptOrThrow } from '@/lib/prompts/lookup';
import { createPrompt, createVersion } from '@/lib/prompts/registry';
import { newPromptInput, newVersionInput } from '@/lib/prompts/schemas';
import { admin, editor } from '../support/actors';
import { withTestDatabase } from '../support/db';

// Ids are minted by whichever instance serves the request; an instance whose clock runs behind
// mints ids that sort before older ones. History must follow the database's commit order anyway.
const skewedClock = { msecs: Date.parse('2030-01-01T00:00:00Z') };
vi.mock('@/lib/ids', () => ({ newId: () => v7({ msecs: (skewedClock.msecs -= 1000) }) }));

withTestDatabase();

describe('label history', () => {
  it('lists two moves made in one transaction (same timestamp) newest first, in commit order', async () => {
    await createPrompt(editor, newPromptInput.parse({ name: 'ordered', template: 'one' }));
    await createVersion(editor, 'ordered', newVersionInput.parse({ template: 'two' }));
    await createVersion(editor, 'ordered', newVersionInput.parse({ template: 'three' }));

    await getDb().transaction(async (tx) => {
      const prompt = await findPromptOrThrow(tx, 'ordered');
      await pointLabel(tx, admin, prompt, 'production', 1);
      await pointLabel(tx, admin, prompt, 'production', 3);
      await pointLabel(tx, admin, prompt, 'production', 2);
    });

    const history = await labelHistory('ordered');
    const production = history.filter((m) => m.label === 'production');
    expect(new Set(production.map((m) => m.createdAt)).size, 'one transaction, one timestamp').toBe(1);
    expect(production.map((m) => [m.fromVersion, m.toVersion])).toEqual([
      [3, 2],
      [1, 3],
      [null, 1],
    ]);
  });
});
