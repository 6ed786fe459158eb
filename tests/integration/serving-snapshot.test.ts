import { evalCondition, type ConditionInterface } from '@growthbook/growthbook';
import { beforeAll, describe, expect, it } from 'vitest';
import { chooseVariant, hash } from '@/lib/experiments/assignment';
import { transitionExperiment } from '@/lib/experiments/experiments';
import { resolvePrompt } from '@/lib/executions/resolve';
import { resolveInput } from '@/lib/executions/schemas';
import { getVersion } from '@/lib/prompts/registry';
import { invalidateServing } from '@/lib/prompts/serving';
import { servingSnapshot, type ServingSnapshot } from '@/lib/serving/schemas';
import { callApi, expectError, withApiKeys } from '../support/api';
import { admin } from '../support/actors';
import { withTestDatabase } from '../support/db';
import { givenExperiment } from '../support/experiments';
import { givenPrompt } from '../support/prompts';

// GET /serving: what an SDK serves from. Its content must be what the registry serves, its
// experiments must assign every unit as resolve does, and its revision (the ETag) must change
// with every change that matters to serving and with nothing else.

withTestDatabase();
const keys = withApiKeys();

let salt = '';
beforeAll(async () => {
  await givenPrompt('snap/text', { versions: 3, labels: ['production'], variables: [{ name: 'name', required: true, type: 'string' }] });
  await givenPrompt('snap/chat', {
    messages: [
      { role: 'system', content: 'You help {{ customer }}.' },
      { role: 'user', content: '{{ question }}' },
    ],
    labels: ['production', 'staging'],
  });
  await givenPrompt('snap/exp', { versions: 4, labels: ['production'] });
  const view = await givenExperiment(
    'snap-test',
    'snap/exp',
    {
      coverage: 0.8,
      targeting: { country: 'DE' },
      variants: [
        { key: 'control', version: 1, control: true, weight: 1 },
        { key: 'b', version: 3, weight: 3, modelConfig: { model: 'gpt-4o' } },
      ],
    },
    { start: true },
  );
  salt = view.salt;
});

const fetchSnapshot = async (headers: Record<string, string> = {}) => callApi('getServingSnapshot', { key: keys.service, headers });
const current = async (): Promise<ServingSnapshot> => {
  const res = await fetchSnapshot();
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return servingSnapshot.parse(res.body);
};
const promptIn = (snapshot: ServingSnapshot, name: string) => snapshot.prompts.find((p) => p.name === name)!;

describe('the serving snapshot', () => {
  it('holds every prompt with its labels, latest included', async () => {
    const snapshot = await current();
    expect(snapshot.prompts.map((p) => p.name)).toEqual(['snap/chat', 'snap/exp', 'snap/text']);
    expect(promptIn(snapshot, 'snap/text').labels).toEqual({ production: 1, latest: 3 });
    expect(promptIn(snapshot, 'snap/chat').labels).toEqual({ production: 1, staging: 1, latest: 1 });
  });

  it('holds the versions as the registry serves them, and only those something points at', async () => {
    const snapshot = await current();
    const text = promptIn(snapshot, 'snap/text');
    // Version 2 has no label, is not the latest and is in no experiment: nobody can be served it.
    expect(text.versions.map((v) => v.version)).toEqual([1, 3]);
    for (const v of text.versions) {
      const { view } = await getVersion('snap/text', { version: v.version });
      expect(v).toEqual({ version: view.version, type: 'text', template: view.template, variables: view.variables, modelConfig: view.modelConfig });
    }
    expect(text.versions[0]!.template).toBe('v1 {{ name }}');
    const chat = promptIn(snapshot, 'snap/chat').versions[0]!;
    expect(chat.type).toBe('chat');
    expect(chat.template).toBeUndefined();
    expect(chat.messages).toEqual([
      { role: 'system', content: 'You help {{ customer }}.' },
      { role: 'user', content: '{{ question }}' },
    ]);
    expect(chat.variables.map((v) => v.name).sort()).toEqual(['customer', 'question']);
    // production (1), latest (4) and variant b (3); version 2 is in nothing.
    expect(promptIn(snapshot, 'snap/exp').versions.map((v) => v.version)).toEqual([1, 3, 4]);
  });

  it('describes the running experiment as a GrowthBook SDK takes it', async () => {
    const { experiment } = promptIn(await current(), 'snap/exp');
    expect(experiment).toEqual({
      key: 'snap-test',
      seed: salt,
      hashVersion: 2,
      coverage: 0.8,
      weights: [0.25, 0.75],
      // GrowthBook's getBucketRanges(2, 0.8, [0.25, 0.75]), in the same float arithmetic.
      ranges: [
        [0, 0.8 * 0.25],
        [0.25, 0.25 + 0.8 * 0.75],
      ],
      targeting: { country: 'DE' },
      variants: [
        { key: 'control', version: 1, control: true, modelConfig: {} },
        { key: 'b', version: 3, control: false, modelConfig: { model: 'gpt-4o' } },
      ],
    });
    expect(promptIn(await current(), 'snap/text').experiment).toBeNull();
  });

  it('assigns every unit to the variant resolve serves it, or to none when resolve serves the label', async () => {
    const { experiment, labels } = promptIn(await current(), 'snap/exp');
    const counts = { control: 0, b: 0, label: 0 };
    for (let i = 0; i < 200; i++) {
      const unitId = `user-${i}`;
      const attributes = { country: i % 4 === 0 ? 'FR' : 'DE' };
      const targeted = evalCondition({ ...attributes, id: unitId }, experiment!.targeting as ConditionInterface);
      const index = targeted ? chooseVariant(hash(experiment!.seed, unitId), experiment!.ranges) : -1;
      const local = index < 0 ? null : experiment!.variants[index]!;
      const served = await resolvePrompt('snap/exp', resolveInput.parse({ unitId, attributes, variables: { name: 'x' } }));
      expect(served.experiment?.variant ?? null, unitId).toBe(local?.key ?? null);
      expect(served.version, unitId).toBe(local?.version ?? labels.production);
      counts[local ? (local.key as 'control' | 'b') : 'label']++;
    }
    // Every path is exercised: both variants, and the label for the untargeted and uncovered.
    expect(counts.control).toBeGreaterThan(10);
    expect(counts.b).toBeGreaterThan(50);
    expect(counts.label).toBeGreaterThan(40);
  });
});

describe('ETag and revision', () => {
  it('sends the revision as a strong ETag, asks caches to revalidate, and answers 304 when it has not changed', async () => {
    const res = await fetchSnapshot();
    expect(res.headers.get('etag')).toBe(`"${res.body.revision}"`);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const again = await fetchSnapshot({ 'if-none-match': `"${res.body.revision}"` });
    expect(again.status).toBe(304);
    expect(again.body).toBeNull();
    expect(again.headers.get('etag')).toBe(`"${res.body.revision}"`);
    expect((await fetchSnapshot({ 'if-none-match': `W/"other", W/"${res.body.revision}"` })).status).toBe(304);
    const stale = await fetchSnapshot({ 'if-none-match': '"something-older"' });
    expect(stale.status).toBe(200);
    expect(stale.body.revision).toBe(res.body.revision);
  });

  it('keeps the revision while nothing changes, also when the snapshot is built again', async () => {
    const first = await current();
    invalidateServing();
    const rebuilt = await current();
    expect(rebuilt.revision).toBe(first.revision);
    expect(rebuilt.prompts).toEqual(first.prompts);
  });

  it('changes the revision when a label moves, and at once in this instance', async () => {
    const before = await current();
    const moved = await callApi('moveLabel', { key: keys.admin, params: { name: 'snap/text', label: 'production' }, body: { version: 2 } });
    expect(moved.status).toBe(200);
    const after = await current();
    expect(after.revision).not.toBe(before.revision);
    expect(promptIn(after, 'snap/text').labels.production).toBe(2);
    expect(promptIn(after, 'snap/text').versions.map((v) => v.version)).toEqual([2, 3]);
    expect((await fetchSnapshot({ 'if-none-match': `"${before.revision}"` })).status).toBe(200);
  });

  it('changes the revision when a new version is saved with a label', async () => {
    const before = await current();
    const saved = await callApi('createVersion', { key: keys.editor, params: { name: 'snap/chat' }, body: { template: 'Now plain {{ question }}', labels: ['staging'] } });
    expect(saved.status).toBe(201);
    const after = promptIn(await current(), 'snap/chat');
    expect((await current()).revision).not.toBe(before.revision);
    expect(after.labels).toEqual({ production: 1, staging: 2, latest: 2 });
    expect(after.versions.find((v) => v.version === 2)).toMatchObject({ type: 'text', template: 'Now plain {{ question }}' });
  });

  it('changes the revision when the experiment stops and again when it starts, back to the same content', async () => {
    const running = await current();
    await transitionExperiment(admin, 'snap-test', 'pause');
    const paused = await current();
    expect(paused.revision).not.toBe(running.revision);
    expect(promptIn(paused, 'snap/exp').experiment).toBeNull();
    // Variant b's version 3 is no longer reachable.
    expect(promptIn(paused, 'snap/exp').versions.map((v) => v.version)).toEqual([1, 4]);
    await transitionExperiment(admin, 'snap-test', 'start');
    const restarted = await current();
    expect(restarted.revision).toBe(running.revision);
    expect(promptIn(restarted, 'snap/exp').experiment?.key).toBe('snap-test');
  });

  it('does not change the revision for an experiment that is only drafted', async () => {
    const before = await current();
    await givenExperiment('snap-draft', 'snap/text');
    expect((await current()).revision).toBe(before.revision);
  });

  it('is refused to a viewer key', async () => {
    expectError(await callApi('getServingSnapshot', { key: keys.viewer }), 403, 'forbidden');
  });
});
