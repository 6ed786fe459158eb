import { and, desc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { auditEvents } from '@/db/schema';
import { gateCheck, gateView } from '@/lib/evals/schemas';
import { setGate } from '@/lib/evals/gates';
import { labelHistory, rollbackLabelMove } from '@/lib/prompts/labels';
import { admin } from '../support/actors';
import { callApi, expectError, withApiKeys } from '../support/api';
import { withTestDatabase } from '../support/db';
import { givenDataset, givenRun, passingFirst } from '../support/eval-runs';
import { givenExperiment } from '../support/experiments';
import { givenPrompt } from '../support/prompts';
import { leavesDatabaseAsItWas } from '../support/snapshot';

// The eval gate: `production` moves only to a version whose newest run on the gate's dataset has
// no evaluator significantly worse than the production version's run. Refusals are 409 with the
// check in details and leave every table as it was; a rollback goes past the gate.

withTestDatabase();
const keys = withApiKeys();

const ITEMS = 50;
beforeAll(async () => {
  await givenDataset('support-cases', ITEMS);
});

const production = async (name: string) => (await callApi('getPrompt', { key: keys.viewer, params: { name } })).body.version as number;
const move = (name: string, version: number, key = keys.admin) => callApi('moveLabel', { key, params: { name, label: 'production' }, body: { version } });
const putGate = (name: string, body: Record<string, unknown>, key = keys.admin) => callApi('setGate', { key, params: { name }, body });
const check = (name: string, version: number) => callApi('checkGate', { key: keys.viewer, params: { name }, query: { version } });
const runOn = (prompt: string, version: number, passing: number, extra: Partial<Parameters<typeof givenRun>[0]> = {}) =>
  givenRun({ prompt, version, dataset: 'support-cases', scores: passingFirst(ITEMS, passing), ...extra });

/** A prompt with `versions` versions, production on v1, and an enabled gate on support-cases. */
async function gated(name: string, versions = 3) {
  await givenPrompt(name, { versions, labels: ['production'] });
  await setGate(admin, name, { dataset: 'support-cases' });
  return name;
}

const gateAudit = (name: string) =>
  getDb()
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.entityId, name), eq(auditEvents.action, 'prompt.gate_set')))
    .orderBy(desc(auditEvents.createdAt));

describe('setting a gate', () => {
  it('lets an admin set and change it, readable by a viewer, audited with before and after', async () => {
    await givenPrompt('gate/set', { versions: 2, labels: ['production'] });
    expectError(await callApi('getGate', { key: keys.viewer, params: { name: 'gate/set' } }), 404, 'not_found');

    const first = await putGate('gate/set', { dataset: 'support-cases' });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(gateView.parse(first.body)).toMatchObject({ prompt: 'gate/set', dataset: 'support-cases', datasetVersion: null, alpha: 0.05, enabled: true, updatedBy: 'key:admin' });
    const read = await callApi('getGate', { key: keys.viewer, params: { name: 'gate/set' } });
    expect(read.body).toEqual(first.body);

    const second = await putGate('gate/set', { dataset: 'support-cases', datasetVersion: 1, alpha: 0.01, enabled: false });
    expect(second.body).toMatchObject({ datasetVersion: 1, alpha: 0.01, enabled: false });

    const events = await gateAudit('gate/set');
    expect(events.map((e) => [e.action, e.actorName, e.before, e.after])).toEqual([
      ['prompt.gate_set', 'key:admin', { dataset: 'support-cases', datasetVersion: null, alpha: 0.05, enabled: true }, { dataset: 'support-cases', datasetVersion: 1, alpha: 0.01, enabled: false }],
      ['prompt.gate_set', 'key:admin', null, { dataset: 'support-cases', datasetVersion: null, alpha: 0.05, enabled: true }],
    ]);
  });

  it('refuses an editor and changes nothing', async () => {
    await givenPrompt('gate/editor');
    const res = await leavesDatabaseAsItWas(() => putGate('gate/editor', { dataset: 'support-cases' }, keys.editor));
    expect(expectError(res, 403, 'forbidden').message).toMatch(/needs the admin role/);
  });

  it('answers 400 for invalid settings and 404 for an unknown prompt, dataset or dataset version, writing nothing', async () => {
    await givenPrompt('gate/invalid');
    for (const body of [{ dataset: 'support-cases', alpha: 0.7 }, { dataset: 'support-cases', alpha: 0 }, { dataset: 'support-cases', datasetVersion: 0 }, { dataset: 'support-cases', extra: 1 }, {}]) {
      const res = await leavesDatabaseAsItWas(() => putGate('gate/invalid', body));
      expect(expectError(res, 400, 'invalid').message, JSON.stringify(body)).toMatch(/Invalid body/);
    }
    const dataset = await leavesDatabaseAsItWas(() => putGate('gate/invalid', { dataset: 'no-such-set' }));
    expect(expectError(dataset, 404, 'not_found').message).toBe('No dataset named "no-such-set".');
    const version = await leavesDatabaseAsItWas(() => putGate('gate/invalid', { dataset: 'support-cases', datasetVersion: 9 }));
    expect(expectError(version, 404, 'not_found').message).toBe('Dataset "support-cases" has no version 9.');
    const prompt = await leavesDatabaseAsItWas(() => putGate('no/such', { dataset: 'support-cases' }));
    expect(expectError(prompt, 404, 'not_found').message).toMatch(/Prompt "no\/such" does not exist/);
  });
});

describe('moving production through the gate', () => {
  it('refuses a version that is worse (409, the check in details), leaving the label and every table as they were', async () => {
    const name = await gated('gate/worse');
    const baseline = await runOn(name, 1, 46);
    const candidate = await runOn(name, 2, 34);
    const res = await leavesDatabaseAsItWas(() => move(name, 2));
    const error = expectError(res, 409, 'conflict');
    expect(error.message).toMatch(/^The eval gate keeps v2 of "gate\/worse" out of production: exact is worse \(68% vs 92%, p = 0\.\d+ after Holm\)/);
    expect(error.message).toMatch(/v2 against v1 \(in production\) on support-cases v1/);
    const details = (error.details as { gate: Record<string, unknown> }).gate;
    expect(details).toMatchObject({ prompt: name, version: 2, pass: false, productionVersion: 1, dataset: 'support-cases', datasetVersion: 1, baselineRunId: baseline, candidateRunId: candidate });
    expect(details.worse).toContain('exact');
    expect(details).not.toHaveProperty('comparison');
    expect(await production(name)).toBe(1);
  });

  it('shows the whole check, with the paired test the verdict comes from', async () => {
    const name = await gated('gate/check');
    await runOn(name, 1, 46);
    await runOn(name, 2, 34);
    const res = await check(name, 2);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const result = gateCheck.parse(res.body);
    expect(result).toMatchObject({ pass: false, productionVersion: 1 });
    const exact = result.comparison!.evaluators.find((e) => e.evaluator === 'exact')!;
    // 12 items pass on v1 and fail on v2, none the other way: McNemar's exact p = 2 · 0.5^12.
    expect(exact).toMatchObject({ kind: 'binary', n: 50, baselineMean: 0.92, candidateMean: 0.68, verdict: 'worse' });
    expect(exact.mcnemar).toMatchObject({ improved: 0, worsened: 12, method: 'exact' });
    expect(exact.mcnemar!.pValue).toBeCloseTo(0.00048828125, 10);
    expect(result.reason).toContain('exact is worse (68% vs 92%');
  });

  it('lets a version that is as good or better into production', async () => {
    const name = await gated('gate/better');
    await runOn(name, 1, 40);
    await runOn(name, 2, 42);
    const res = await move(name, 2);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(await production(name)).toBe(2);
    expect(gateCheck.parse((await check(name, 3)).body).reason).toMatch(/^v3 has no completed eval run/);
    await runOn(name, 3, 42);
    const equal = gateCheck.parse((await check(name, 3)).body);
    expect(equal).toMatchObject({ pass: true, worse: [], productionVersion: 2 });
    expect(equal.reason).toMatch(/^No evaluator is significantly worse: v3 against v2 \(in production\) on support-cases v1 \(exact 84% vs 84%/);
  });

  it('refuses a version without a run and tells which command makes it', async () => {
    const name = await gated('gate/none');
    await runOn(name, 1, 40);
    const res = await leavesDatabaseAsItWas(() => move(name, 2));
    const error = expectError(res, 409, 'conflict');
    expect(error.message).toContain('v2 has no completed eval run on support-cases v1 with its own model');
    expect(error.message).toContain('npm run cli -- eval run --dataset support-cases --dataset-version 1 --prompt gate/none --version 2 --evaluators FILE');
    expect((error.details as { gate: unknown }).gate).toMatchObject({ pass: false, candidateRunId: null, worse: [] });
    expect(await production(name)).toBe(1);
  });

  it('counts only completed runs of the version with its own model on the gate dataset version', async () => {
    const name = await gated('gate/which-runs');
    await runOn(name, 1, 40);
    await runOn(name, 2, 45, { status: 'failed' });
    await runOn(name, 2, 45, { modelOverride: { provider: 'openai', model: 'gpt-4o' } });
    const result = gateCheck.parse((await check(name, 2)).body);
    expect(result).toMatchObject({ pass: false, candidateRunId: null });
    expect(result.reason).toMatch(/v2 has no completed eval run/);
  });

  it('names the production version when it is the one without a run', async () => {
    const name = await gated('gate/no-baseline');
    const candidate = await runOn(name, 2, 45);
    const result = gateCheck.parse((await check(name, 2)).body);
    expect(result).toMatchObject({ pass: false, candidateRunId: candidate, baselineRunId: null });
    expect(result.reason).toContain(`v1 (in production) has no completed eval run on support-cases v1 with its own model; run with the evaluators of run ${candidate}:`);
    expect(result.reason).toContain('--prompt gate/no-baseline --version 1 ');
  });

  it('passes the version already in production, and the first version to reach production when it has a run', async () => {
    const name = await gated('gate/same');
    expect(gateCheck.parse((await check(name, 1)).body)).toMatchObject({ pass: true, reason: 'v1 is already in production.' });

    await givenPrompt('gate/first', { versions: 2 });
    await setGate(admin, 'gate/first', { dataset: 'support-cases' });
    const refused = await leavesDatabaseAsItWas(() => move('gate/first', 2));
    expect(expectError(refused, 409, 'conflict').message).toMatch(/v2 has no completed eval run/);
    await runOn('gate/first', 2, 30);
    const res = await move('gate/first', 2);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect((await labelHistory('gate/first')).map((m) => [m.label, m.toVersion])).toEqual([['production', 2]]);
    expect(gateCheck.parse((await check('gate/first', 1)).body).reason).toMatch(/v1 has no completed eval run/);
  });

  it('refuses when the two runs share no evaluator', async () => {
    const name = await gated('gate/disjoint');
    const baseline = await runOn(name, 1, 40);
    await givenRun({ prompt: name, version: 2, dataset: 'support-cases', scores: passingFirst(ITEMS, 45, 'contains') });
    const res = await leavesDatabaseAsItWas(() => move(name, 2));
    expect(expectError(res, 409, 'conflict').message).toMatch(new RegExp(`have no evaluator in common: run v2 with the evaluators of run ${baseline}`));
  });

  it('uses the pinned dataset version when the gate names one', async () => {
    await givenDataset('pinned-cases', 10);
    await givenPrompt('gate/pinned', { versions: 2, labels: ['production'] });
    await setGate(admin, 'gate/pinned', { dataset: 'pinned-cases' });
    const on = (version: number) => givenRun({ prompt: 'gate/pinned', version, dataset: 'pinned-cases', scores: passingFirst(10, 8) });
    await on(1);
    await on(2);
    await callApi('createDatasetVersion', { key: keys.editor, params: { dataset: 'pinned-cases' }, body: { items: [{ variables: { q: 'new' } }], mode: 'append' } });
    // The latest dataset version (2) has no runs; pinned to version 1 the runs above count.
    expect(gateCheck.parse((await check('gate/pinned', 2)).body)).toMatchObject({ pass: false, datasetVersion: 2 });
    await setGate(admin, 'gate/pinned', { dataset: 'pinned-cases', datasetVersion: 1 });
    expect(gateCheck.parse((await check('gate/pinned', 2)).body)).toMatchObject({ pass: true, datasetVersion: 1 });
  });

  it('refuses saving a new version straight into production while the gate is on', async () => {
    const name = await gated('gate/save');
    await runOn(name, 1, 40);
    const res = await leavesDatabaseAsItWas(() => callApi('createVersion', { key: keys.admin, params: { name }, body: { template: 'v4 {{ name }}', labels: ['production'] } }));
    expect(expectError(res, 409, 'conflict').message).toMatch(/v4 has no completed eval run/);
  });

  it('ignores a disabled gate', async () => {
    const name = await gated('gate/disabled');
    await setGate(admin, name, { dataset: 'support-cases', enabled: false });
    const res = await move(name, 2);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(await production(name)).toBe(2);
  });

  it('lets a rollback past the gate, and its audit event says so', async () => {
    await givenPrompt('gate/rollback', { versions: 2, labels: ['production'] });
    expect((await move('gate/rollback', 2)).status).toBe(200);
    await setGate(admin, 'gate/rollback', { dataset: 'support-cases' });
    // Neither version has a run: moving production by hand is refused…
    expectError(await leavesDatabaseAsItWas(() => move('gate/rollback', 1)), 409, 'conflict');
    // …but rolling back the last move is an emergency and goes through.
    const [last] = await labelHistory('gate/rollback');
    await rollbackLabelMove(admin, 'gate/rollback', last!.id);
    expect(await production('gate/rollback')).toBe(1);
    const [event] = await getDb()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, 'gate/rollback'), eq(auditEvents.action, 'label.moved')))
      .orderBy(desc(auditEvents.createdAt))
      .limit(1);
    expect(event!.after).toEqual({ label: 'production', version: 1, reason: 'rollback of move to v2', gate: 'skipped' });
  });

  it('gates declaring an experiment winner: a worse winner is refused and the experiment keeps running', async () => {
    const name = await gated('gate/winner');
    await runOn(name, 1, 46);
    await runOn(name, 2, 34);
    await runOn(name, 3, 47);
    await givenExperiment('gated-test', name, { variants: [{ key: 'control', version: 1, control: true }, { key: 'b', version: 2 }, { key: 'c', version: 3 }] }, { start: true });
    const declare = (variant: string) => callApi('declareWinner', { key: keys.admin, params: { key: 'gated-test' }, body: { variant } });

    const refused = await leavesDatabaseAsItWas(() => declare('b'));
    expect(expectError(refused, 409, 'conflict').message).toMatch(/exact is worse \(68% vs 92%/);
    expect((await callApi('getExperiment', { key: keys.viewer, params: { key: 'gated-test' } })).body).toMatchObject({ status: 'running', winner: null });
    expect(await production(name)).toBe(1);

    const won = await declare('c');
    expect(won.status, JSON.stringify(won.body)).toBe(200);
    expect(won.body).toMatchObject({ status: 'completed', winner: 'c', deployed: { version: 3 } });
    expect(await production(name)).toBe(3);
  });

  it('refuses a winner that changes the model (it would deploy a version no run has seen), saying what to do instead', async () => {
    const name = await gated('gate/winner-model', 2);
    await runOn(name, 1, 40);
    await runOn(name, 2, 45);
    await givenExperiment('gated-model', name, { variants: [{ key: 'control', version: 1, control: true }, { key: 'b', version: 2, modelConfig: { temperature: 0.2 } }] }, { start: true });
    const res = await leavesDatabaseAsItWas(() => callApi('declareWinner', { key: keys.admin, params: { key: 'gated-model' }, body: { variant: 'b' } }));
    expect(expectError(res, 409, 'conflict').message).toMatch(/^Variant "b" changes the model \(temperature\), so declaring it would deploy a new version without an eval run/);
    expect(await production(name)).toBe(1);
  });

  it('answers 404 for a check on a prompt without a gate or a version that does not exist', async () => {
    await givenPrompt('gate/ungated', { versions: 2, labels: ['production'] });
    expect(expectError(await check('gate/ungated', 2), 404, 'not_found').message).toBe('Prompt "gate/ungated" has no eval gate.');
    const name = await gated('gate/no-version');
    expect(expectError(await check(name, 9), 404, 'not_found').message).toBe('Prompt "gate/no-version" has no version 9.');
    expectError(await check(name, 0), 400, 'invalid');
  });
});
