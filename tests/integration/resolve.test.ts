import { count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { executions } from '@/db/schema';
import { resolvedView } from '@/lib/executions/views';
import { chooseVariant, getBucketRanges, hash } from '@/lib/experiments/assignment';
import { createPrompt, createVersion } from '@/lib/prompts/registry';
import { newPromptInput, newVersionInput } from '@/lib/prompts/schemas';
import { admin } from '../support/actors';
import { callApi, expectError, withApiKeys } from '../support/api';
import { withTestDatabase } from '../support/db';
import { executionRow, givenExperiment } from '../support/experiments';
import { givenPrompt } from '../support/prompts';
import { leavesDatabaseAsItWas } from '../support/snapshot';

// POST /prompts/{name}/resolve: the label without an experiment; with one, the unit's variant,
// the same one every time; the execution row committed before the answer.

withTestDatabase();
const keys = withApiKeys();

const resolve = (name: string, body: Record<string, unknown>) => callApi('resolvePrompt', { key: keys.service, params: { name }, body });
const rowsOf = async (name: string) => (await getDb().select({ n: count() }).from(executions).where(eq(executions.promptName, name)))[0]!.n;
const vars = { name: 'Ada' };

/** The variant GrowthBook's hash v2 gives a unit, computed here from the published formula's pieces. */
function expectedVariant(salt: string, unit: string, keysAndWeights: [string, number][], coverage = 1) {
  const total = keysAndWeights.reduce((s, [, w]) => s + w, 0);
  const ranges = getBucketRanges(keysAndWeights.length, coverage, keysAndWeights.map(([, w]) => w / total));
  const index = chooseVariant(hash(salt, unit), ranges);
  return index < 0 ? null : keysAndWeights[index]![0];
}

describe('without an experiment', () => {
  beforeAll(async () => {
    await givenPrompt('plain', { versions: 3, labels: ['production'] });
    await callApi('moveLabel', { key: keys.editor, params: { name: 'plain', label: 'staging' }, body: { version: 3 } });
  });

  it('serves production, says no experiment, and records the execution', async () => {
    const res = await resolve('plain', { unitId: 'u1', variables: vars, metadata: { route: '/help' } });
    expect(res.status).toBe(200);
    const body = resolvedView.parse(res.body);
    expect(body).toMatchObject({ name: 'plain', version: 1, experiment: null, type: 'text', text: 'v1 Ada' });
    expect(await executionRow(body.executionId)).toMatchObject({
      promptName: 'plain',
      version: 1,
      label: 'production',
      experimentId: null,
      variant: null,
      unitId: 'u1',
      sticky: true,
      status: 'resolved',
      variables: vars,
      metadata: { route: '/help' },
    });
  });

  it('serves the label asked for', async () => {
    const res = await resolve('plain', { variables: vars, label: 'staging' });
    expect(res.body).toMatchObject({ version: 3, text: 'v3 Ada', experiment: null });
    expect(await executionRow(res.body.executionId)).toMatchObject({ label: 'staging', version: 3 });
  });

  it('answers 422 naming the missing variables, and records nothing', async () => {
    const before = await rowsOf('plain');
    const res = await leavesDatabaseAsItWas(() => resolve('plain', { unitId: 'u1', variables: {} }));
    expect(expectError(res, 422, 'missing_variables').details).toEqual({ missing: ['name'] });
    expect(await rowsOf('plain')).toBe(before);
  });

  it('answers 404 for an unknown prompt or label, and records nothing', async () => {
    const prompt = await leavesDatabaseAsItWas(() => resolve('no-such-prompt', { variables: vars }));
    expect(expectError(prompt, 404, 'not_found').message).toMatch(/Prompt "no-such-prompt" does not exist/);
    const label = await leavesDatabaseAsItWas(() => resolve('plain', { variables: vars, label: 'canary' }));
    expect(expectError(label, 404, 'not_found').message).toMatch(/no label "canary"/);
  });

  it('refuses a body of the wrong shape with 400', async () => {
    expectError(await leavesDatabaseAsItWas(() => resolve('plain', { variables: 'Ada' })), 400, 'invalid');
    expectError(await leavesDatabaseAsItWas(() => resolve('plain', { unitId: '', variables: vars })), 400, 'invalid');
  });
});

describe('with a running experiment', () => {
  const weights: [string, number][] = [
    ['control', 1],
    ['b', 1],
  ];
  beforeAll(async () => {
    await createPrompt(admin, newPromptInput.parse({ name: 'pitch', template: 'Buy {{ name }}', modelConfig: { provider: 'openai', model: 'gpt-4o-mini', temperature: 0.7 }, labels: ['production'] }));
    await createVersion(admin, 'pitch', newVersionInput.parse({ template: 'You will love it, {{ name }}', modelConfig: { provider: 'openai', model: 'gpt-4o-mini', temperature: 0.7 } }));
    await givenExperiment('pitch-test', 'pitch', { variants: [{ key: 'control', version: 1, control: true }, { key: 'b', version: 2, modelConfig: { model: 'gpt-4o', temperature: 0.2 } }] }, { start: true });
  });

  it("serves each unit its variant's version, the variant the hash gives, every time", async () => {
    const seen = new Set<string>();
    for (let u = 0; u < 40; u++) {
      const unitId = `user-${u}`;
      const first = await resolve('pitch', { unitId, variables: vars });
      expect(first.status).toBe(200);
      const variant = expectedVariant('pitch-test', unitId, weights);
      expect(first.body.experiment).toEqual({ key: 'pitch-test', variant });
      expect(first.body).toMatchObject(variant === 'b' ? { version: 2, text: 'You will love it, Ada' } : { version: 1, text: 'Buy Ada' });
      for (let again = 0; again < 3; again++) expect((await resolve('pitch', { unitId, variables: vars })).body.experiment).toEqual(first.body.experiment);
      const row = await executionRow(first.body.executionId);
      expect(row).toMatchObject({ variant, version: first.body.version, unitId, sticky: true, label: null });
      expect(row!.experimentId).not.toBeNull();
      seen.add(variant!);
    }
    expect(seen).toEqual(new Set(['control', 'b']));
  });

  it("merges the variant's model config over the version's", async () => {
    const unitOf = (variant: string) => Array.from({ length: 100 }, (_, i) => `mc-${i}`).find((u) => expectedVariant('pitch-test', u, weights) === variant)!;
    const b = await resolve('pitch', { unitId: unitOf('b'), variables: vars });
    expect(b.body.modelConfig).toEqual({ provider: 'openai', model: 'gpt-4o', temperature: 0.2 });
    expect(await executionRow(b.body.executionId)).toMatchObject({ provider: 'openai', model: 'gpt-4o' });
    const control = await resolve('pitch', { unitId: unitOf('control'), variables: vars });
    expect(control.body.modelConfig).toEqual({ provider: 'openai', model: 'gpt-4o-mini', temperature: 0.7 });
  });

  it('draws a variant per request without a unit id, and marks the execution unsticky', async () => {
    const variants = new Set<string>();
    for (let i = 0; i < 40; i++) {
      const res = await resolve('pitch', { variables: vars });
      variants.add(res.body.experiment.variant);
      expect(await executionRow(res.body.executionId)).toMatchObject({ unitId: null, sticky: false, variant: res.body.experiment.variant });
    }
    // 40 fair draws all landing on one variant has probability 2 · 2⁻⁴⁰.
    expect(variants).toEqual(new Set(['control', 'b']));
  });

  it('records every answered resolve: 200 concurrent calls, as many rows as 2xx answers', async () => {
    await givenPrompt('busy', { versions: 2, labels: ['production'] });
    await givenExperiment('busy-test', 'busy', {}, { start: true });
    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => resolve('busy', { unitId: `u${i % 150}`, variables: vars })));
    const ok = answers.filter((a) => a.status >= 200 && a.status < 300);
    expect(ok).toHaveLength(200);
    expect(await rowsOf('busy')).toBe(ok.length);
    expect(new Set(ok.map((a) => a.body.executionId)).size).toBe(200);
  });
});

describe('coverage below 1', () => {
  it('sends the units outside coverage to the label, about 1 − coverage of them', async () => {
    await givenPrompt('partial', { versions: 2, labels: ['production'] });
    await givenExperiment('partial-test', 'partial', { coverage: 0.3 }, { start: true });
    const units = Array.from({ length: 1000 }, (_, i) => `unit-${i}`);
    const answers = await Promise.all(units.map((unitId) => resolve('partial', { unitId, variables: vars })));
    const outside = answers.filter((a) => a.body.experiment === null);
    // Binomial(1000, 0.7) has a standard deviation of 14.5: ±50 is more than three of them.
    expect(outside.length).toBeGreaterThan(650);
    expect(outside.length).toBeLessThan(750);
    answers.forEach((a, i) => {
      const variant = expectedVariant('partial-test', units[i]!, [['control', 1], ['b', 1]], 0.3);
      expect(a.body.experiment?.variant ?? null).toBe(variant);
    });
    for (const a of outside.slice(0, 20)) {
      expect(a.body.version).toBe(1);
      expect(await executionRow(a.body.executionId)).toMatchObject({ experimentId: null, variant: null, label: 'production', sticky: true });
    }
    // Outside means outside every time.
    const again = await resolve('partial', { unitId: units[answers.indexOf(outside[0]!)]!, variables: vars });
    expect(again.body.experiment).toBeNull();
  });
});

describe('pausing and resuming', () => {
  it('falls back to the label at the next resolve after a pause, and back to the variants after a restart', async () => {
    await givenPrompt('paused', { versions: 2, labels: ['production'] });
    await givenExperiment('paused-test', 'paused', { variants: [{ key: 'control', version: 2, control: true }, { key: 'b', version: 2 }] }, { start: true });
    expect((await resolve('paused', { unitId: 'u1', variables: vars })).body).toMatchObject({ version: 2, experiment: { key: 'paused-test' } });

    await callApi('transitionExperiment', { key: keys.admin, params: { key: 'paused-test', transition: 'pause' } });
    const paused = await resolve('paused', { unitId: 'u1', variables: vars });
    expect(paused.body).toMatchObject({ version: 1, experiment: null });
    expect(await executionRow(paused.body.executionId)).toMatchObject({ experimentId: null, label: 'production' });

    await callApi('transitionExperiment', { key: keys.admin, params: { key: 'paused-test', transition: 'start' } });
    expect((await resolve('paused', { unitId: 'u1', variables: vars })).body).toMatchObject({ version: 2, experiment: { key: 'paused-test' } });

    await callApi('transitionExperiment', { key: keys.admin, params: { key: 'paused-test', transition: 'complete' } });
    expect((await resolve('paused', { unitId: 'u1', variables: vars })).body).toMatchObject({ version: 1, experiment: null });
  });

  it('serves a newly started experiment at the next resolve', async () => {
    await givenPrompt('late', { versions: 2, labels: ['production'] });
    await givenExperiment('late-test', 'late', { variants: [{ key: 'control', version: 2, control: true }, { key: 'b', version: 2 }] });
    expect((await resolve('late', { unitId: 'u1', variables: vars })).body.experiment).toBeNull();
    await callApi('transitionExperiment', { key: keys.admin, params: { key: 'late-test', transition: 'start' } });
    expect((await resolve('late', { unitId: 'u1', variables: vars })).body).toMatchObject({ version: 2, experiment: { key: 'late-test' } });
  });
});
