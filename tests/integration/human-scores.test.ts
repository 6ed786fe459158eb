import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { auditEvents, executionMetrics } from '@/db/schema';
import { humanScoreList, humanScoreView } from '@/lib/evals/schemas';
import { resolvePrompt } from '@/lib/executions/resolve';
import { resolveInput } from '@/lib/executions/schemas';
import { scoreExecution } from '@/lib/executions/human-scores';
import { actorWith } from '../support/actors';
import { callApi, expectError, withApiKeys } from '../support/api';
import { withTestDatabase } from '../support/db';
import { givenExperiment } from '../support/experiments';
import { givenPrompt } from '../support/prompts';
import { leavesDatabaseAsItWas } from '../support/snapshot';

// A person's thumbs or rating on an execution: kept with its comment and who gave it, and
// written as the execution's metric of the same name, so it counts in experiments.

withTestDatabase();
const keys = withApiKeys();

beforeAll(async () => {
  await givenPrompt('scored', { versions: 2, labels: ['production'] });
  await givenExperiment('scored-test', 'scored', {}, { start: true });
});

const served = async (unitId = 'u1') => (await resolvePrompt('scored', resolveInput.parse({ unitId, variables: { name: 'x' } }))).executionId;
const score = (id: string, body: unknown, key = keys.service) => callApi('scoreExecution', { key, params: { id }, body });
const metricsOf = (id: string) => getDb().select().from(executionMetrics).where(eq(executionMetrics.executionId, id));
const auditOf = (id: string) => getDb().select().from(auditEvents).where(and(eq(auditEvents.entityId, id), eq(auditEvents.action, 'execution.scored')));

describe('human scores', () => {
  it('saves a thumbs-up with its comment and writes the metric with the execution’s experiment, variant and unit', async () => {
    const id = await served('unit-7');
    const res = await score(id, { name: 'thumbs', value: 1, comment: 'Exactly right' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(humanScoreView.parse(res.body)).toMatchObject({ executionId: id, name: 'thumbs', value: 1, comment: 'Exactly right', scoredBy: 'key:service' });

    const [metric] = await metricsOf(id);
    const [execution] = await getDb().query.executions.findMany({ where: (e, { eq: is }) => is(e.id, id) });
    expect(metric).toMatchObject({ name: 'thumbs', value: 1, experimentId: execution!.experimentId, variant: execution!.variant, unitId: 'unit-7' });
    expect(metric!.experimentId).not.toBeNull();

    const list = await callApi('listExecutionScores', { key: keys.viewer, params: { id } });
    expect(humanScoreList.parse(list.body).data).toEqual([res.body]);
  });

  it('replaces a score given again (one per execution and name), updating the metric, and audits both with what they replaced', async () => {
    const id = await served();
    await score(id, { name: 'rating', value: 2 }, keys.editor);
    const again = await score(id, { name: 'rating', value: 5, comment: 'Better on a second read' }, keys.admin);
    expect(again.body).toMatchObject({ value: 5, comment: 'Better on a second read', scoredBy: 'key:admin' });
    await score(id, { name: 'thumbs', value: 0 });

    const list = humanScoreList.parse((await callApi('listExecutionScores', { key: keys.viewer, params: { id } })).body).data;
    expect(list.map((s) => [s.name, s.value, s.comment, s.scoredBy])).toEqual([
      ['rating', 5, 'Better on a second read', 'key:admin'],
      ['thumbs', 0, '', 'key:service'],
    ]);
    expect((await metricsOf(id)).map((m) => [m.name, m.value]).sort()).toEqual([
      ['rating', 5],
      ['thumbs', 0],
    ]);
    const events = (await auditOf(id)).map((e) => [e.actorName, e.before, e.after]);
    expect(events).toEqual(
      expect.arrayContaining([
        ['key:editor', null, { name: 'rating', value: 2, comment: '' }],
        ['key:admin', { name: 'rating', value: 2, comment: '', scoredBy: 'key:editor' }, { name: 'rating', value: 5, comment: 'Better on a second read' }],
        ['key:service', null, { name: 'thumbs', value: 0, comment: '' }],
      ]),
    );
    expect(events).toHaveLength(3);
  });

  it('counts in the experiment’s results like any outcome', async () => {
    await givenPrompt('rated', { versions: 2, labels: ['production'] });
    await givenExperiment('rated-test', 'rated', { primaryMetric: { name: 'thumbs', type: 'binary', direction: 'increase' } }, { start: true });
    const units = ['r1', 'r2', 'r3', 'r4', 'r5'];
    const ids = await Promise.all(units.map(async (unitId) => (await resolvePrompt('rated', resolveInput.parse({ unitId, variables: { name: 'x' } }))).executionId));
    // Three thumbs up, one down, one execution nobody scored.
    for (const [i, value] of [1, 1, 0, 1].entries()) expect((await score(ids[i]!, { name: 'thumbs', value })).status).toBe(200);
    const results = await callApi('experimentResults', { key: keys.viewer, params: { key: 'rated-test' } });
    expect(results.status, JSON.stringify(results.body)).toBe(200);
    const summaries = Object.values(results.body.metrics[0].summaries as Record<string, { n: number; conversions: number }>);
    expect(results.body.metrics[0].metric.name).toBe('thumbs');
    expect(summaries.reduce((sum, s) => sum + s.n, 0)).toBe(5);
    expect(summaries.reduce((sum, s) => sum + s.conversions, 0)).toBe(3);
  });

  it('refuses a viewer key, and a viewer in the console, changing nothing', async () => {
    const id = await served();
    const res = await leavesDatabaseAsItWas(() => score(id, { name: 'thumbs', value: 1 }, keys.viewer));
    expect(expectError(res, 403, 'forbidden').message).toMatch(/needs the service role; key:viewer is viewer/);
    await expect(scoreExecution(actorWith('viewer'), id, { name: 'thumbs', value: 1 })).rejects.toMatchObject({ code: 'forbidden' });
    expect(await metricsOf(id)).toEqual([]);
  });

  it('answers 404 for an unknown execution and 400 for a malformed id, writing nothing', async () => {
    const unknown = '0190c0de-0000-7000-8000-00000000abcd';
    const res = await leavesDatabaseAsItWas(() => score(unknown, { name: 'thumbs', value: 1 }));
    expect(expectError(res, 404, 'not_found').message).toBe(`Execution ${unknown} does not exist.`);
    expectError(await callApi('listExecutionScores', { key: keys.viewer, params: { id: unknown } }), 404, 'not_found');
    expectError(await leavesDatabaseAsItWas(() => score('not-a-uuid', { name: 'thumbs', value: 1 })), 400, 'invalid');
  });

  it('answers 400 for a value outside the scale or an unknown name, writing nothing', async () => {
    const id = await served();
    for (const body of [
      { name: 'thumbs', value: 2 },
      { name: 'thumbs', value: 0.5 },
      { name: 'rating', value: 0 },
      { name: 'rating', value: 6 },
      { name: 'rating', value: 3.5 },
      { name: 'stars', value: 3 },
      { name: 'rating', value: 3, comment: 'x'.repeat(2001) },
      { name: 'rating', value: 3, extra: true },
      { name: 'rating' },
    ]) {
      const res = await leavesDatabaseAsItWas(() => score(id, body));
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('invalid');
    }
  });
});
