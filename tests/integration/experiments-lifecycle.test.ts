import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as auditQueries from '@/db/queries/audit';
import * as experimentQueries from '@/db/queries/experiments';
import type { Role } from '@/lib/auth/roles';
import { experimentView } from '@/lib/experiments/views-schema';
import { callApi, expectError, withApiKeys, type ApiCall } from '../support/api';
import { withTestDatabase } from '../support/db';
import { experimentAudit, experimentAuditRows, experimentBody, givenExperiment, uniqueKey } from '../support/experiments';
import { givenPrompt, uniqueName } from '../support/prompts';
import { leavesDatabaseAsItWas } from '../support/snapshot';

// draft → running ⇄ paused → completed; one running experiment per prompt; what may change
// after the draft; who may do what; and an audit event with every change, in its transaction.

vi.mock('@/db/queries/audit', async (actual) => {
  const real = await actual<typeof import('@/db/queries/audit')>();
  return { ...real, insertAuditEvent: vi.fn(real.insertAuditEvent) };
});
vi.mock('@/db/queries/experiments', async (actual) => {
  const real = await actual<typeof import('@/db/queries/experiments')>();
  return { ...real, listVariants: vi.fn(real.listVariants) };
});

withTestDatabase();
const keys = withApiKeys();

afterEach(() => {
  vi.clearAllMocks();
});

/** A prompt of its own with versions 1 and 2, production on 1. */
const freshPrompt = () => givenPrompt(uniqueName('lifecycle'), { versions: 2, labels: ['production'] });

const act = (key: string, transition: string, role: Role = 'admin') => callApi('transitionExperiment', { key: keys[role], params: { key, transition } });
const statusOf = async (key: string) => (await callApi('getExperiment', { key: keys.viewer, params: { key } })).body.status;

describe('the lifecycle', () => {
  it('goes draft → running ⇄ paused → completed, with start and stop times', async () => {
    const prompt = await freshPrompt();
    const created = await callApi('createExperiment', { key: keys.editor, body: experimentBody('walk', prompt) });
    expect(created.status).toBe(201);
    expect(experimentView.parse(created.body)).toMatchObject({ status: 'draft', startedAt: null, stoppedAt: null, salt: 'walk', coverage: 1 });

    const started = await act('walk', 'start');
    expect(started.status).toBe(200);
    const view = experimentView.parse(started.body);
    expect(view.status).toBe('running');
    expect(view.startedAt).not.toBeNull();

    expect((await act('walk', 'pause')).body.status).toBe('paused');
    const resumed = await act('walk', 'start');
    expect(resumed.body).toMatchObject({ status: 'running', startedAt: view.startedAt, stoppedAt: null });
    const completed = await act('walk', 'complete');
    expect(completed.body.status).toBe('completed');
    expect(completed.body.stoppedAt).not.toBeNull();
    expect(await experimentAudit('walk')).toEqual([
      ['experiment.created', 'key:editor'],
      ['experiment.started', 'key:admin'],
      ['experiment.paused', 'key:admin'],
      ['experiment.started', 'key:admin'],
      ['experiment.completed', 'key:admin'],
    ]);
  });

  it('completes a paused experiment', async () => {
    const prompt = await freshPrompt();
    await givenExperiment('paused-then-done', prompt, {}, { start: true });
    await act('paused-then-done', 'pause');
    expect((await act('paused-then-done', 'complete')).body.status).toBe('completed');
  });

  const illegal: [string, string[], string][] = [
    ['draft', [], 'pause'],
    ['draft', [], 'complete'],
    ['running', ['start'], 'start'],
    ['paused', ['start', 'pause'], 'pause'],
    ['completed', ['start', 'complete'], 'start'],
    ['completed', ['start', 'complete'], 'pause'],
    ['completed', ['start', 'complete'], 'complete'],
  ];
  for (const [state, path, transition] of illegal) {
    it(`refuses to ${transition} a ${state} experiment with 409 and changes nothing`, async () => {
      const prompt = await freshPrompt();
      const key = uniqueKey('illegal');
      await givenExperiment(key, prompt);
      for (const step of path) expect((await act(key, step)).status).toBe(200);
      const res = await leavesDatabaseAsItWas(() => act(key, transition));
      expect(expectError(res, 409, 'conflict').message).toContain(`is ${state}; it cannot ${transition}`);
      expect(await statusOf(key)).toBe(state);
    });
  }

  it('answers 404 for an unknown experiment and for an unknown action', async () => {
    expect(expectError(await act('no-such-experiment', 'start'), 404, 'not_found').message).toMatch(/"no-such-experiment" does not exist/);
    const prompt = await freshPrompt();
    await givenExperiment('actions', prompt);
    expect(expectError(await leavesDatabaseAsItWas(() => act('actions', 'restart')), 404, 'not_found').message).toMatch(/start, pause or complete/);
    expectError(await act('Not A Key', 'start'), 400, 'invalid');
  });
});

describe('one running experiment per prompt', () => {
  it('refuses to start a second one with 409 naming the first, until the first pauses', async () => {
    const prompt = await freshPrompt();
    await givenExperiment('first', prompt, {}, { start: true });
    await givenExperiment('second', prompt);
    const refused = await leavesDatabaseAsItWas(() => act('second', 'start'));
    expect(expectError(refused, 409, 'conflict').message).toMatch(/"first" is already running/);

    await act('first', 'pause');
    expect((await act('second', 'start')).status).toBe(200);
    expectError(await act('first', 'start'), 409, 'conflict');
    expect(await statusOf('first')).toBe('paused');
  });

  it('lets experiments on different prompts run side by side', async () => {
    await givenExperiment('left', await freshPrompt(), {}, { start: true });
    await givenExperiment('right', await freshPrompt());
    expect((await act('right', 'start')).status).toBe(200);
  });

  it('gives one of two simultaneous starts on the same prompt 200 and the other 409, never a 500', async () => {
    for (let round = 0; round < 5; round++) {
      const prompt = await freshPrompt();
      const [a, b] = [uniqueKey('race'), uniqueKey('race')];
      await givenExperiment(a, prompt);
      await givenExperiment(b, prompt);
      const answers = await Promise.all([act(a, 'start'), act(b, 'start')]);
      expect(answers.map((r) => r.status).sort(), JSON.stringify(answers.map((r) => r.body))).toEqual([200, 409]);
      const running = (await callApi('listExperiments', { key: keys.viewer, query: { prompt, status: 'running' } })).body.data;
      expect(running).toHaveLength(1);
    }
  });

  it('gives one of two simultaneous starts of the same experiment 200 and the other 409', async () => {
    const prompt = await freshPrompt();
    await givenExperiment('twice', prompt);
    const answers = await Promise.all([act('twice', 'start'), act('twice', 'start')]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    expect((await experimentAudit('twice')).filter(([action]) => action === 'experiment.started')).toHaveLength(1);
  });
});

describe('editing', () => {
  const reassigning: [string, Record<string, unknown>][] = [
    ['variants', { variants: [{ key: 'control', version: 1, weight: 1, control: true }, { key: 'c', version: 2, weight: 1 }] }],
    ['weights', { variants: [{ key: 'control', version: 1, weight: 9, control: true }, { key: 'b', version: 2, weight: 1 }] }],
    ['salt', { salt: 'another-salt' }],
    ['coverage', { coverage: 0.5 }],
  ];
  for (const state of ['running', 'paused', 'completed'] as const) {
    for (const [what, body] of reassigning) {
      it(`refuses to change the ${what} of a ${state} experiment with 409 and changes nothing`, async () => {
        const prompt = await freshPrompt();
        const key = uniqueKey('frozen');
        await givenExperiment(key, prompt, {}, { start: true });
        if (state === 'paused') await act(key, 'pause');
        if (state === 'completed') await act(key, 'complete');
        const res = await leavesDatabaseAsItWas(() => callApi('editExperiment', { key: keys.editor, params: { key }, body }));
        expect(expectError(res, 409, 'conflict').message).toMatch(/only in draft.*new experiment/);
      });
    }
  }

  it('changes only the fields sent: renaming a running experiment keeps everything else', async () => {
    const prompt = await freshPrompt();
    await givenExperiment('renamed', prompt, { coverage: 0.5, alpha: 0.01, method: 'bayesian', minSampleSize: 500, hypothesis: 'b sells more' }, { start: true });
    const before = (await callApi('getExperiment', { key: keys.viewer, params: { key: 'renamed' } })).body;
    const res = await callApi('editExperiment', { key: keys.editor, params: { key: 'renamed' }, body: { name: 'A better name' } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ ...before, name: 'A better name' });
  });

  it('replaces variants, weights, salt and coverage in draft, and keeps what was not sent', async () => {
    const prompt = await freshPrompt();
    await givenExperiment('draft-edit', prompt, { alpha: 0.01 });
    const variants = [
      { key: 'control', version: 2, weight: 3, control: true },
      { key: 'b', version: 1, weight: 1, modelConfig: { temperature: 0.2 } },
      { key: 'c', version: 1, weight: 1 },
    ];
    const res = await callApi('editExperiment', { key: keys.editor, params: { key: 'draft-edit' }, body: { variants, salt: 'pepper', coverage: 0.25 } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ salt: 'pepper', coverage: 0.25, alpha: 0.01 });
    expect(res.body.variants).toEqual([
      { key: 'control', version: 2, weight: 3, control: true, modelConfig: null },
      { key: 'b', version: 1, weight: 1, control: false, modelConfig: { temperature: 0.2 } },
      { key: 'c', version: 1, weight: 1, control: false, modelConfig: null },
    ]);
    expect((await callApi('getExperiment', { key: keys.viewer, params: { key: 'draft-edit' } })).body).toEqual(res.body);
    expect(await experimentAudit('draft-edit')).toEqual([
      ['experiment.created', 'editor@test'],
      ['experiment.edited', 'key:editor'],
    ]);
  });
});

describe('roles', () => {
  let prompt: string;
  beforeAll(async () => {
    prompt = await freshPrompt();
  });

  /** An experiment in the state the call needs, on a prompt of its own so that starts never collide. */
  const running = async () => {
    const key = uniqueKey('rbac');
    await givenExperiment(key, await freshPrompt(), {}, { start: true });
    return key;
  };
  const draft = async () => {
    const key = uniqueKey('rbac');
    await givenExperiment(key, prompt);
    return key;
  };
  type Row = { operationId: string; doing: string; call: () => Promise<ApiCall>; expected: Record<Role, number> };
  const table: Row[] = [
    { operationId: 'listExperiments', doing: 'list experiments', call: async () => ({}), expected: { viewer: 200, service: 200, editor: 200, admin: 200 } },
    { operationId: 'getExperiment', doing: 'read an experiment', call: async () => ({ params: { key: await draft() } }), expected: { viewer: 200, service: 200, editor: 200, admin: 200 } },
    { operationId: 'experimentResults', doing: 'read results', call: async () => ({ params: { key: await running() } }), expected: { viewer: 200, service: 200, editor: 200, admin: 200 } },
    { operationId: 'createExperiment', doing: 'create an experiment', call: async () => ({ body: experimentBody(uniqueKey('rbac'), prompt) }), expected: { viewer: 403, service: 403, editor: 201, admin: 201 } },
    { operationId: 'editExperiment', doing: 'edit an experiment', call: async () => ({ params: { key: await draft() }, body: { name: 'x', coverage: 0.9 } }), expected: { viewer: 403, service: 403, editor: 200, admin: 200 } },
    { operationId: 'transitionExperiment', doing: 'start an experiment', call: async () => ({ params: { key: await draft(), transition: 'start' } }), expected: { viewer: 403, service: 403, editor: 403, admin: 200 } },
    { operationId: 'transitionExperiment', doing: 'pause an experiment', call: async () => ({ params: { key: await running(), transition: 'pause' } }), expected: { viewer: 403, service: 403, editor: 403, admin: 200 } },
    { operationId: 'transitionExperiment', doing: 'complete an experiment', call: async () => ({ params: { key: await running(), transition: 'complete' } }), expected: { viewer: 403, service: 403, editor: 403, admin: 200 } },
    { operationId: 'declareWinner', doing: 'declare a winner', call: async () => ({ params: { key: await running() }, body: { variant: 'b' } }), expected: { viewer: 403, service: 403, editor: 403, admin: 200 } },
  ];
  for (const row of table) {
    for (const role of ['viewer', 'service', 'editor', 'admin'] as const) {
      const status = row.expected[role];
      const allowed = status < 300;
      it(`${allowed ? 'lets' : 'refuses'} a ${role} key ${row.doing}${allowed ? '' : ' and changes nothing'}`, async () => {
        const call = { ...(await row.call()), key: keys[role] };
        const res = allowed ? await callApi(row.operationId, call) : await leavesDatabaseAsItWas(() => callApi(row.operationId, call));
        expect(res.status, JSON.stringify(res.body)).toBe(status);
        if (!allowed) expect(res.body.error.message).toMatch(new RegExp(`needs the ${role !== 'editor' && row.expected.editor < 300 ? 'editor' : 'admin'} role`));
      });
    }
  }
});

describe('audit events land with their change or not at all', () => {
  const outage = () => new Error('connection lost');

  it('keeps the experiment in draft when the audit row of its start cannot be written', async () => {
    const prompt = await freshPrompt();
    await givenExperiment('unaudited-start', prompt);
    vi.mocked(auditQueries.insertAuditEvent).mockRejectedValueOnce(outage());
    const res = await leavesDatabaseAsItWas(() => act('unaudited-start', 'start'));
    expect(res.status).toBe(500);
    expect(await statusOf('unaudited-start')).toBe('draft');
  });

  it('keeps neither the pause nor its audit row when a query after the audit insert fails', async () => {
    const prompt = await freshPrompt();
    await givenExperiment('half-paused', prompt, {}, { start: true });
    // listVariants runs last in transitionExperiment, after experiment.paused is written.
    vi.mocked(experimentQueries.listVariants).mockRejectedValueOnce(outage());
    const audited = vi.mocked(auditQueries.insertAuditEvent).mock.calls.length;
    const res = await leavesDatabaseAsItWas(() => act('half-paused', 'pause'));
    expect(res.status).toBe(500);
    expect(vi.mocked(auditQueries.insertAuditEvent).mock.calls.length - audited, 'audit rows written, then undone').toBe(1);
    expect(await statusOf('half-paused')).toBe('running');
  });

  it('keeps the draft as it was when the audit row of an edit cannot be written', async () => {
    const prompt = await freshPrompt();
    await givenExperiment('half-edited', prompt);
    vi.mocked(auditQueries.insertAuditEvent).mockRejectedValueOnce(outage());
    const res = await leavesDatabaseAsItWas(() => callApi('editExperiment', { key: keys.editor, params: { key: 'half-edited' }, body: { name: 'lost', salt: 'lost' } }));
    expect(res.status).toBe(500);
  });

  it('writes one audit event per change with before and after', async () => {
    const prompt = await freshPrompt();
    await givenExperiment('trail', prompt);
    await callApi('editExperiment', { key: keys.editor, params: { key: 'trail' }, body: { coverage: 0.8 } });
    await act('trail', 'start');
    await callApi('editExperiment', { key: keys.admin, params: { key: 'trail' }, body: { hypothesis: 'b converts better' } });
    await act('trail', 'pause');
    await act('trail', 'complete');
    expect(await experimentAudit('trail')).toEqual([
      ['experiment.created', 'editor@test'],
      ['experiment.edited', 'key:editor'],
      ['experiment.started', 'key:admin'],
      ['experiment.edited', 'key:admin'],
      ['experiment.paused', 'key:admin'],
      ['experiment.completed', 'key:admin'],
    ]);
    const rows = await experimentAuditRows('trail');
    expect(rows[1]).toMatchObject({ before: { coverage: 1 }, after: { coverage: 0.8 } });
    expect(rows[2]).toMatchObject({ before: { status: 'draft' }, after: { status: 'running' } });
    expect(rows[3]).toMatchObject({ before: { hypothesis: '', coverage: 0.8 }, after: { hypothesis: 'b converts better', coverage: 0.8 } });
    expect(rows[5]).toMatchObject({ before: { status: 'paused' }, after: { status: 'completed' } });
  });
});
