import { desc, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { getDb } from '@/db/client';
import * as auditQueries from '@/db/queries/audit';
import * as promptQueries from '@/db/queries/prompts';
import { auditEvents } from '@/db/schema';
import { labelHistory, moveLabel, rollbackLabelMove } from '@/lib/prompts/labels';
import { createPrompt, createVersion, getVersion, listVersions } from '@/lib/prompts/registry';
import { newPromptInput, newVersionInput } from '@/lib/prompts/schemas';
import { admin, editor } from '../support/actors';
import { withTestDatabase } from '../support/db';
import { givenPrompt } from '../support/prompts';
import { leavesDatabaseAsItWas } from '../support/snapshot';

// Any query can be made to fail once, to break a mutation halfway through.
vi.mock('@/db/queries/prompts', async (actual) => {
  const real = await actual<typeof import('@/db/queries/prompts')>();
  return { ...real, listLabels: vi.fn(real.listLabels), upsertLabel: vi.fn(real.upsertLabel) };
});
vi.mock('@/db/queries/audit', async (actual) => {
  const real = await actual<typeof import('@/db/queries/audit')>();
  return { ...real, insertAuditEvent: vi.fn(real.insertAuditEvent) };
});

withTestDatabase();

afterEach(() => {
  vi.clearAllMocks();
});

const auditOf = (entityId: string) =>
  getDb().select().from(auditEvents).where(eq(auditEvents.entityId, entityId)).orderBy(desc(auditEvents.createdAt), desc(auditEvents.id));

const outage = () => new Error('connection lost');

describe('audit rows and changes land together or not at all', () => {
  it('writes the change and its audit row in one go', async () => {
    await createPrompt(editor, newPromptInput.parse({ name: 'together', template: 'x' }));
    await createVersion(editor, 'together', newVersionInput.parse({ template: 'y', labels: ['staging'] }));
    const actions = (await auditOf('together')).map((a) => [a.action, a.actorName, a.after]);
    expect(actions).toEqual([
      ['label.moved', 'editor@test', { label: 'staging', version: 2 }],
      ['version.created', 'editor@test', { version: 2, type: 'text', commitMessage: '' }],
      ['version.created', 'editor@test', { version: 1, type: 'text', commitMessage: '' }],
      ['prompt.created', 'editor@test', { name: 'together', description: '', category: null, tags: [] }],
    ]);
  });

  it('keeps neither the version nor its audit rows when a query after the audit insert fails', async () => {
    await givenPrompt('halfway', { labels: ['staging'] });
    // listLabels runs last in createVersion, after version.created and label.moved are written.
    vi.mocked(promptQueries.listLabels).mockRejectedValueOnce(outage());
    const audited = vi.mocked(auditQueries.insertAuditEvent).mock.calls.length;
    await leavesDatabaseAsItWas(() =>
      expect(createVersion(editor, 'halfway', newVersionInput.parse({ template: 'v2', labels: ['staging'] }))).rejects.toThrow('connection lost'),
    );
    expect(vi.mocked(auditQueries.insertAuditEvent).mock.calls.length - audited).toBe(2);
    expect((await listVersions('halfway')).map((v) => v.version)).toEqual([1]);
  });

  it('keeps no prompt and no audit row when its first version turns out to be invalid', async () => {
    // The prompt row and prompt.created are written before the template is compiled.
    await leavesDatabaseAsItWas(() =>
      expect(createPrompt(editor, newPromptInput.parse({ name: 'stillborn', template: '{% if %}' }))).rejects.toMatchObject({ code: 'invalid' }),
    );
    expect(await auditOf('stillborn')).toEqual([]);
  });

  it('keeps neither the earlier labels nor any audit row when a later label in the same version is refused', async () => {
    await givenPrompt('two-labels', { labels: ['staging'] });
    await leavesDatabaseAsItWas(() =>
      expect(createVersion(editor, 'two-labels', newVersionInput.parse({ template: 'v2', labels: ['staging', 'canary', 'latest'] }))).rejects.toMatchObject({
        code: 'conflict',
      }),
    );
  });

  it('undoes the label move when writing its audit row fails', async () => {
    await givenPrompt('unaudited', { versions: 2, labels: ['staging'] });
    vi.mocked(auditQueries.insertAuditEvent).mockRejectedValueOnce(outage());
    await leavesDatabaseAsItWas(() => expect(moveLabel(editor, 'unaudited', 'staging', 2)).rejects.toThrow('connection lost'));
    expect((await getVersion('unaudited', { label: 'staging' })).view.version).toBe(1);
  });

  it('keeps no prompt, version or audit row when labelling the new prompt fails', async () => {
    // upsertLabel runs after prompt.created and version.created are written.
    vi.mocked(promptQueries.upsertLabel).mockRejectedValueOnce(outage());
    await leavesDatabaseAsItWas(() =>
      expect(createPrompt(admin, newPromptInput.parse({ name: 'unlabelled', template: 'x', labels: ['production'] }))).rejects.toThrow('connection lost'),
    );
    expect(await auditOf('unlabelled')).toEqual([]);
  });
});

describe('label history and rollback', () => {
  it('records every move and restores an earlier state in one step', async () => {
    await givenPrompt('rollme', { versions: 3 });
    await moveLabel(admin, 'rollme', 'production', 1);
    await moveLabel(admin, 'rollme', 'production', 3);
    const [bad] = await labelHistory('rollme');
    expect(bad).toMatchObject({ label: 'production', fromVersion: 1, toVersion: 3, movedBy: 'admin@test', reason: null });

    expect(await rollbackLabelMove(admin, 'rollme', bad!.id)).toEqual({ name: 'rollme', label: 'production', version: 1, moved: true });
    expect((await getVersion('rollme')).view.version).toBe(1);
    const history = await labelHistory('rollme');
    expect(history.map((m) => [m.fromVersion, m.toVersion, m.reason])).toEqual([
      [3, 1, 'rollback of move to v3'],
      [1, 3, null],
      [null, 1, null],
    ]);
    const [audit] = await auditOf('rollme');
    expect(audit).toMatchObject({ action: 'label.moved', before: { label: 'production', version: 3 }, after: { label: 'production', version: 1, reason: 'rollback of move to v3' } });
  });

  it('refuses an editor rolling back production and changes nothing', async () => {
    await givenPrompt('guarded', { versions: 2 });
    await moveLabel(admin, 'guarded', 'production', 1);
    await moveLabel(admin, 'guarded', 'production', 2);
    const [move] = await labelHistory('guarded');
    await leavesDatabaseAsItWas(() => expect(rollbackLabelMove(editor, 'guarded', move!.id)).rejects.toMatchObject({ code: 'forbidden' }));
    expect((await getVersion('guarded')).view.version).toBe(2);
  });

  it('lets an editor roll back an unprotected label', async () => {
    await givenPrompt('stagey', { versions: 2, labels: ['staging'] });
    await moveLabel(editor, 'stagey', 'staging', 2);
    const [move] = await labelHistory('stagey');
    await rollbackLabelMove(editor, 'stagey', move!.id);
    expect((await getVersion('stagey', { label: 'staging' })).view.version).toBe(1);
  });

  it('refuses to roll back the move that created a label, and moves of another prompt', async () => {
    await givenPrompt('fresh', { labels: ['staging'] });
    await givenPrompt('other', { labels: ['staging'] });
    const [created] = await labelHistory('fresh');
    const [foreign] = await labelHistory('other');
    await leavesDatabaseAsItWas(async () => {
      await expect(rollbackLabelMove(admin, 'fresh', created!.id)).rejects.toMatchObject({ code: 'conflict' });
      await expect(rollbackLabelMove(admin, 'fresh', foreign!.id)).rejects.toMatchObject({ code: 'not_found' });
      await expect(rollbackLabelMove(admin, 'fresh', '0190f5a0-0000-7000-8000-000000000000')).rejects.toMatchObject({ code: 'not_found' });
    });
  });
});

describe('concurrent versions', () => {
  it('numbers simultaneous versions of one prompt 2, 3, 4 … without gaps or repeats', async () => {
    await givenPrompt('busy');
    const saved = await Promise.all(
      Array.from({ length: 8 }, (_, i) => createVersion(editor, 'busy', newVersionInput.parse({ template: `draft ${i}`, commitMessage: `writer ${i}` }))),
    );
    expect(saved.map((v) => v.version).sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    const stored = await listVersions('busy');
    expect(stored.map((v) => v.version)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(new Set(stored.map((v) => v.commitMessage)).size).toBe(9);
    expect((await auditOf('busy')).filter((a) => a.action === 'version.created')).toHaveLength(9);
    expect((await getVersion('busy', { label: 'latest' })).view.version).toBe(9);
  });
});
