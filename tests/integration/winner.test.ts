import { and, desc, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { getDb } from '@/db/client';
import * as auditQueries from '@/db/queries/audit';
import * as experimentQueries from '@/db/queries/experiments';
import { auditEvents } from '@/db/schema';
import { declareWinner } from '@/lib/experiments/experiments';
import { experimentView } from '@/lib/experiments/views-schema';
import { admin } from '../support/actors';
import { callApi, expectError, withApiKeys } from '../support/api';
import { withTestDatabase } from '../support/db';
import { experimentAudit, givenExperiment } from '../support/experiments';
import { givenPrompt } from '../support/prompts';
import { leavesDatabaseAsItWas } from '../support/snapshot';

// Declaring a winner moves `production` to the winner's version, completes the experiment and
// writes the audit events: all in one transaction, or nothing.

vi.mock('@/db/queries/experiments', async (actual) => {
  const real = await actual<typeof import('@/db/queries/experiments')>();
  return { ...real, updateExperiment: vi.fn(real.updateExperiment) };
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
    expect(experimentView.parse(res.body)).toMatchObject({ status: 'completed', winner: 'b' });
    expect(res.body.stoppedAt).not.toBeNull();
    expect(await production('deploy')).toBe(3);
    expect(await experiment(key)).toEqual(res.body);

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
