import { and, desc, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { getDb } from '@/db/client';
import * as auditQueries from '@/db/queries/audit';
import * as experimentQueries from '@/db/queries/experiments';
import * as promptQueries from '@/db/queries/prompts';
import { auditEvents } from '@/db/schema';
import { declareWinner } from '@/lib/experiments/experiments';
import { winnerView } from '@/lib/experiments/winner-view';
import { createPrompt, createVersion } from '@/lib/prompts/registry';
import { newPromptInput, newVersionInput } from '@/lib/prompts/schemas';
import { admin } from '../support/actors';
import { callApi, expectError, withApiKeys } from '../support/api';
import { withTestDatabase } from '../support/db';
import { executionRow, experimentAudit, experimentAuditRows, givenExperiment } from '../support/experiments';
import { givenPrompt } from '../support/prompts';
import { leavesDatabaseAsItWas } from '../support/snapshot';

// Declaring a winner moves `production` to the winner's version, completes the experiment and
// writes the audit events: all in one transaction, or nothing.

vi.mock('@/db/queries/experiments', async (actual) => {
  const real = await actual<typeof import('@/db/queries/experiments')>();
  return { ...real, updateExperiment: vi.fn(real.updateExperiment) };
});
vi.mock('@/db/queries/prompts', async (actual) => {
  const real = await actual<typeof import('@/db/queries/prompts')>();
  return { ...real, upsertLabel: vi.fn(real.upsertLabel) };
});
vi.mock('@/db/queries/audit', async (actual) => {
  const real = await actual<typeof import('@/db/queries/audit')>();
  return { ...real, insertAuditEvent: vi.fn(real.insertAuditEvent) };
});

withTestDatabase();
const keys = withApiKeys();

afterEach(() => {
  vi.clearAllMocks();
});

const outage = () => new Error('connection lost');
const production = async (name: string) => (await callApi('getPrompt', { key: keys.viewer, params: { name } })).body.version;
const experiment = async (key: string) => (await callApi('getExperiment', { key: keys.viewer, params: { key } })).body;
const versions = async (name: string) => (await callApi('listVersions', { key: keys.viewer, params: { name } })).body.data as Record<string, unknown>[];
const withoutDeployed = ({ deployed: _, ...view }: Record<string, unknown>) => view;
const declare = (key: string, variant: string) => callApi('declareWinner', { key: keys.admin, params: { key }, body: { variant } });

/** A prompt with versions 1–3, production on 1, and a running experiment: control on 1, b on 3. */
async function running(name: string) {
  await givenPrompt(name, { versions: 3, labels: ['production'] });
  await givenExperiment(`${name}-test`, name, { variants: [{ key: 'control', version: 1, control: true }, { key: 'b', version: 3 }] }, { start: true });
  return `${name}-test`;
}

describe('declaring a winner', () => {
  it("moves production to the winner's version, completes the experiment and audits both", async () => {
    const key = await running('deploy');
    const res = await declare(key, 'b');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(winnerView.parse(res.body)).toMatchObject({ status: 'completed', winner: 'b' });
    expect(res.body.deployed).toEqual({ label: 'production', version: 3, basedOn: 3, created: false, modelConfig: {} });
    expect(res.body.stoppedAt).not.toBeNull();
    expect(await production('deploy')).toBe(3);
    // The experiment as GET shows it (which may carry more, e.g. its GrowthBook definition).
    expect(await experiment(key)).toMatchObject(withoutDeployed(res.body));
    expect(await versions('deploy'), 'no override, no new version').toHaveLength(3);

    const history = (await callApi('labelHistory', { key: keys.viewer, params: { name: 'deploy' } })).body.data;
    expect(history[0]).toMatchObject({ label: 'production', fromVersion: 1, toVersion: 3, movedBy: 'key:admin', reason: `winner of experiment ${key}` });
    expect((await experimentAudit(key)).at(-1)).toEqual(['experiment.winner_declared', 'key:admin']);
    const [moved] = await getDb()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, 'deploy'), eq(auditEvents.action, 'label.moved')))
      .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id));
    expect(moved).toMatchObject({ actorName: 'key:admin', before: { label: 'production', version: 1 }, after: { label: 'production', version: 3 } });
  });

  it('serves the winner from production at the next resolve, outside any experiment', async () => {
    const key = await running('served');
    await declare(key, 'b');
    const res = await callApi('resolvePrompt', { key: keys.service, params: { name: 'served' }, body: { unitId: 'anyone', variables: { name: 'x' } } });
    expect(res.body).toMatchObject({ version: 3, text: 'v3 x', experiment: null });
  });

  it('completes the experiment without moving production when the control wins', async () => {
    const key = await running('control-wins');
    const res = await declare(key, 'control');
    expect(res.body).toMatchObject({ status: 'completed', winner: 'control' });
    expect(await production('control-wins')).toBe(1);
    expect((await callApi('labelHistory', { key: keys.viewer, params: { name: 'control-wins' } })).body.data).toHaveLength(1);
  });

  it('declares a winner of a paused or already completed experiment', async () => {
    const paused = await running('paused-win');
    await callApi('transitionExperiment', { key: keys.admin, params: { key: paused, transition: 'pause' } });
    expect((await declare(paused, 'b')).body).toMatchObject({ status: 'completed', winner: 'b' });
    const done = await running('done-win');
    const completed = await callApi('transitionExperiment', { key: keys.admin, params: { key: done, transition: 'complete' } });
    const res = await declare(done, 'b');
    expect(res.body).toMatchObject({ status: 'completed', winner: 'b', stoppedAt: completed.body.stoppedAt });
    expect(await production('done-win')).toBe(3);
  });
});

describe('refusals, which change nothing', () => {
  it('refuses a second declaration with 409', async () => {
    const key = await running('twice');
    await declare(key, 'b');
    const res = await leavesDatabaseAsItWas(() => declare(key, 'control'));
    expect(expectError(res, 409, 'conflict').message).toMatch(/already has a winner: b/);
    expect(await production('twice')).toBe(3);
  });

  it('gives one of two simultaneous declarations 200 and the other 409', async () => {
    const key = await running('race');
    const answers = await Promise.all([declare(key, 'b'), declare(key, 'control')]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const winner = answers.find((a) => a.status === 200)!.body.winner;
    expect(await production('race')).toBe(winner === 'b' ? 3 : 1);
  });

  it('refuses an unknown variant with 404 naming it', async () => {
    const key = await running('stranger');
    const res = await leavesDatabaseAsItWas(() => declare(key, 'z'));
    expect(expectError(res, 404, 'not_found').message).toBe(`Experiment "${key}" has no variant "z".`);
  });

  it('refuses an unknown experiment with 404 and a draft with 409', async () => {
    expectError(await leavesDatabaseAsItWas(() => declare('no-such-experiment', 'b')), 404, 'not_found');
    await givenPrompt('unstarted', { versions: 2, labels: ['production'] });
    await givenExperiment('unstarted-test', 'unstarted');
    expect(expectError(await leavesDatabaseAsItWas(() => declare('unstarted-test', 'b')), 409, 'conflict').message).toMatch(/not started/);
  });

  it('refuses a body without a variant with 400', async () => {
    const key = await running('bodiless');
    expectError(await leavesDatabaseAsItWas(() => callApi('declareWinner', { key: keys.admin, params: { key }, body: {} })), 400, 'invalid');
  });
});

describe('all or nothing', () => {
  it('keeps production, the experiment and the audit trail as they were when completing fails after the label moved', async () => {
    const key = await running('atomic');
    const before = await experiment(key);
    // updateExperiment runs after pointLabel has moved production and written label.moved.
    vi.mocked(experimentQueries.updateExperiment).mockRejectedValueOnce(outage());
    const audited = vi.mocked(auditQueries.insertAuditEvent).mock.calls.length;
    await leavesDatabaseAsItWas(() => expect(declareWinner(admin, key, 'b')).rejects.toThrow('connection lost'));
    expect(vi.mocked(auditQueries.insertAuditEvent).mock.calls.length - audited, 'label.moved was written, then undone').toBe(1);
    expect(await production('atomic')).toBe(1);
    expect(await experiment(key)).toEqual(before);

    // And the declaration still works afterwards: nothing was left half-done.
    expect((await declare(key, 'b')).status).toBe(200);
    expect(await production('atomic')).toBe(3);
  });

  it('keeps everything as it was when the last audit event cannot be written', async () => {
    const key = await running('atomic-audit');
    // The first audit insert is label.moved, the second experiment.winner_declared.
    const insert = vi.mocked(auditQueries.insertAuditEvent);
    insert.mockImplementationOnce(insert.getMockImplementation()!).mockRejectedValueOnce(outage());
    const res = await leavesDatabaseAsItWas(() => declare(key, 'b'));
    expect(res.status).toBe(500);
    expect(await production('atomic-audit')).toBe(1);
    expect((await experiment(key)).status).toBe('running');
  });
});

// A variant that overrides the model was served as its version + the override. Production can
// only point at a version, and versions never change, so shipping it saves the merge as a new one.
describe('a winner with a model override', () => {
  const base = { provider: 'openai', model: 'gpt-4o', temperature: 0.7 };
  const messages = [
    { role: 'system' as const, content: 'Answer in one sentence.' },
    { role: 'user' as const, content: 'v3 {{ name }}' },
  ];
  const variables = [{ name: 'name', required: true, type: 'string' as const, description: 'who asks' }];

  /** Versions 1–2 (text) and 3 (chat) on gpt-4o, production on 1; b runs version 3 with `override`. */
  async function overridden(name: string, override: Record<string, unknown> = { model: 'gpt-4o-mini', temperature: 0.2 }) {
    await createPrompt(admin, newPromptInput.parse({ name, template: 'v1 {{ name }}', modelConfig: base, labels: ['production'] }));
    await createVersion(admin, name, newVersionInput.parse({ template: 'v2 {{ name }}', modelConfig: base }));
    await createVersion(admin, name, newVersionInput.parse({ messages, variables, modelConfig: base, commitMessage: 'chat, one sentence' }));
    await givenExperiment(`${name}-test`, name, { variants: [{ key: 'control', version: 1, control: true }, { key: 'b', version: 3, modelConfig: override }] }, { start: true });
    return `${name}-test`;
  }

  it('saves version 3 with the merged model config as version 4 and deploys that, leaving version 3 as it was', async () => {
    const key = await overridden('ship-model');
    const [v3before] = (await versions('ship-model')).filter((v) => v.version === 3);
    const res = await declare(key, 'b');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const merged = { provider: 'openai', model: 'gpt-4o-mini', temperature: 0.2 };
    expect(winnerView.parse(res.body)).toMatchObject({ status: 'completed', winner: 'b', deployed: { label: 'production', version: 4, basedOn: 3, created: true, modelConfig: merged } });

    const all = await versions('ship-model');
    expect(all.map((v) => v.version)).toEqual([4, 3, 2, 1]);
    expect(all[0]).toMatchObject({
      type: 'chat',
      messages,
      variables,
      modelConfig: merged,
      commitMessage: `Winner of experiment ${key}: b (model override gpt-4o-mini, temperature 0.2)`,
      createdBy: 'key:admin',
    });
    expect([...(all[0]!.labels as string[])].sort()).toEqual(['latest', 'production']);
    // Immutable: version 3 keeps its own config and commit message; only `latest` left it.
    const { labels: _before, ...v3 } = v3before!;
    const { labels: v3labels, ...v3after } = all.find((v) => v.version === 3)!;
    expect(v3after).toEqual(v3);
    expect(v3after.modelConfig).toEqual(base);
    expect(v3labels).toEqual([]);

    expect(await production('ship-model')).toBe(4);
    const history = (await callApi('labelHistory', { key: keys.viewer, params: { name: 'ship-model' } })).body.data;
    expect(history[0]).toMatchObject({ label: 'production', fromVersion: 1, toVersion: 4, movedBy: 'key:admin', reason: `winner of experiment ${key}` });
  });

  it('audits the new version, the label move and the winner naming the new version, all in one transaction', async () => {
    const key = await overridden('audit-model');
    await declare(key, 'b');
    const promptEvents = await getDb()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, 'prompt'), eq(auditEvents.entityId, 'audit-model')))
      .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id));
    const created = promptEvents.find((e) => e.action === 'version.created' && (e.after as { version: number }).version === 4);
    const moved = promptEvents.find((e) => e.action === 'label.moved' && (e.after as { version: number }).version === 4);
    expect(created).toMatchObject({ actorName: 'key:admin', before: { version: 3 }, after: { version: 4, type: 'chat', commitMessage: `Winner of experiment ${key}: b (model override gpt-4o-mini, temperature 0.2)` } });
    expect(moved).toMatchObject({ actorName: 'key:admin', before: { label: 'production', version: 1 }, after: { label: 'production', version: 4, reason: `winner of experiment ${key}` } });
    const winner = (await experimentAuditRows(key)).at(-1)!;
    expect(winner).toMatchObject({
      action: 'experiment.winner_declared',
      actorName: 'key:admin',
      after: { status: 'completed', winner: 'b', version: 4, deployed: { version: 4, basedOn: 3, created: true, modelConfig: { provider: 'openai', model: 'gpt-4o-mini', temperature: 0.2 } } },
    });
    // Postgres's now() is the transaction's start: events written in one transaction share it.
    expect(new Set([created!.createdAt.getTime(), moved!.createdAt.getTime(), winner.createdAt.getTime()]).size).toBe(1);
  });

  it('serves the new version with the model override at the next resolve, outside any experiment', async () => {
    const key = await overridden('serve-model');
    await declare(key, 'b');
    const res = await callApi('resolvePrompt', { key: keys.service, params: { name: 'serve-model' }, body: { unitId: 'anyone', variables: { name: 'x' } } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      version: 4,
      experiment: null,
      modelConfig: { provider: 'openai', model: 'gpt-4o-mini', temperature: 0.2 },
      messages: [
        { role: 'system', content: 'Answer in one sentence.' },
        { role: 'user', content: 'v3 x' },
      ],
    });
    expect(await executionRow(res.body.executionId)).toMatchObject({ version: 4, model: 'gpt-4o-mini' });
  });

  it('creates no version when the override repeats the version’s own config', async () => {
    const key = await overridden('same-model', { model: 'gpt-4o', temperature: 0.7 });
    const res = await declare(key, 'b');
    expect(res.body.deployed).toEqual({ label: 'production', version: 3, basedOn: 3, created: false, modelConfig: base });
    expect(await versions('same-model')).toHaveLength(3);
    expect(await production('same-model')).toBe(3);
  });

  it('ships a control that overrides the model as a new version, even though production already serves its version', async () => {
    await createPrompt(admin, newPromptInput.parse({ name: 'control-model', template: 'v1 {{ name }}', modelConfig: base, labels: ['production'] }));
    await createVersion(admin, 'control-model', newVersionInput.parse({ template: 'v2 {{ name }}', modelConfig: base }));
    await givenExperiment('control-model-test', 'control-model', { variants: [{ key: 'control', version: 1, control: true, modelConfig: { maxTokens: 200 } }, { key: 'b', version: 2 }] }, { start: true });
    const res = await declare('control-model-test', 'control');
    expect(res.body.deployed).toEqual({ label: 'production', version: 3, basedOn: 1, created: true, modelConfig: { ...base, maxTokens: 200 } });
    expect((await versions('control-model'))[0]).toMatchObject({ version: 3, template: 'v1 {{ name }}', commitMessage: 'Winner of experiment control-model-test: control (model config override maxTokens 200)' });
    expect(await production('control-model')).toBe(3);
  });
});

describe('all or nothing, with a model override', () => {
  const base = { provider: 'openai', model: 'gpt-4o' };
  async function overridden(name: string) {
    await createPrompt(admin, newPromptInput.parse({ name, template: 'v1 {{ name }}', modelConfig: base, labels: ['production'] }));
    await createVersion(admin, name, newVersionInput.parse({ template: 'v2 {{ name }}', modelConfig: base }));
    await givenExperiment(`${name}-test`, name, { variants: [{ key: 'control', version: 1, control: true }, { key: 'b', version: 2, modelConfig: { model: 'gpt-4o-mini' } }] }, { start: true });
    return `${name}-test`;
  }

  it('leaves no new version, label move or audit event when moving production fails after the version was saved', async () => {
    const key = await overridden('midway');
    vi.mocked(promptQueries.upsertLabel).mockRejectedValueOnce(outage());
    const audited = vi.mocked(auditQueries.insertAuditEvent).mock.calls.length;
    const res = await leavesDatabaseAsItWas(() => declare(key, 'b'));
    expect(res.status).toBe(500);
    expect(vi.mocked(auditQueries.insertAuditEvent).mock.calls.length - audited, 'version.created was written, then undone').toBe(1);
    expect(await versions('midway')).toHaveLength(2);
    expect(await production('midway')).toBe(1);
    expect((await experiment(key)).status).toBe('running');
  });

  it('leaves nothing when completing the experiment fails, and the retry numbers the new version as if nothing happened', async () => {
    const key = await overridden('retry');
    vi.mocked(experimentQueries.updateExperiment).mockRejectedValueOnce(outage());
    await leavesDatabaseAsItWas(() => expect(declareWinner(admin, key, 'b')).rejects.toThrow('connection lost'));
    expect(await versions('retry')).toHaveLength(2);

    const res = await declare(key, 'b');
    expect(res.body.deployed).toMatchObject({ version: 3, created: true });
    expect(await production('retry')).toBe(3);
    expect((await versions('retry')).map((v) => v.version)).toEqual([3, 2, 1]);
  });

  it('leaves nothing when the winner’s audit event, the last write, fails', async () => {
    const key = await overridden('last-write');
    // version.created, label.moved, then experiment.winner_declared.
    const insert = vi.mocked(auditQueries.insertAuditEvent);
    const real = insert.getMockImplementation()!;
    insert.mockImplementationOnce(real).mockImplementationOnce(real).mockRejectedValueOnce(outage());
    const res = await leavesDatabaseAsItWas(() => declare(key, 'b'));
    expect(res.status).toBe(500);
    expect(await versions('last-write')).toHaveLength(2);
    expect(await production('last-write')).toBe(1);
  });
});
