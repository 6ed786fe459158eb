import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { attributeKeysOfExperiment } from '@/db/queries/attribute-keys';
import { executions } from '@/db/schema';
import { resolvePrompt } from '@/lib/executions/resolve';
import { resolveInput } from '@/lib/executions/schemas';
import { experimentRecord } from '@/lib/experiments/experiments';
import { segmentAttributes } from '@/lib/experiments/segment-attributes';
import { withTestDatabase } from '../support/db';
import { givenExperiment } from '../support/experiments';
import { givenPrompt } from '../support/prompts';

// The results page offers the attribute names seen in an experiment's executions for its
// segment breakdown: those of this experiment only, each one the results API accepts.

withTestDatabase();

const resolve = (prompt: string, unitId: string, attributes?: Record<string, string | number | boolean>) =>
  resolvePrompt(prompt, resolveInput.parse({ unitId, variables: { name: 'x' }, attributes }));

describe('the attribute names offered for a segment breakdown', () => {
  let experimentId: string;

  beforeAll(async () => {
    await givenPrompt('greeting', { versions: 2, labels: ['production'] });
    await givenExperiment('greeting-test', 'greeting', {}, { start: true });
    await resolve('greeting', 'u1', { country: 'DE', plan: 'pro' });
    await resolve('greeting', 'u2', { country: 'FR', beta: true });
    await resolve('greeting', 'u3');
    experimentId = (await experimentRecord('greeting-test')).id;
    // Rows written by other means: attributes that are not an object, and a name the API refuses.
    await getDb()
      .insert(executions)
      .values([
        { id: randomUUID(), experimentId, variant: 'control', unitId: 'u4', variables: {}, attributes: ['not', 'an', 'object'] as unknown as Record<string, unknown> },
        { id: randomUUID(), experimentId, variant: 'b', unitId: 'u5', variables: {}, attributes: { 'two words': 1 } },
      ]);
    // Another experiment's attributes are not this one's.
    await givenPrompt('farewell', { versions: 2, labels: ['production'] });
    await givenExperiment('farewell-test', 'farewell', {}, { start: true });
    await resolve('farewell', 'u1', { device: 'ios' });
  });

  it('lists the distinct top-level keys of the experiment’s executions, alphabetically', async () => {
    expect(await attributeKeysOfExperiment(getDb(), experimentId)).toEqual(['beta', 'country', 'plan', 'two words']);
  });

  it('offers only names the results accept as a segment', async () => {
    expect(await segmentAttributes('greeting-test')).toEqual(['beta', 'country', 'plan']);
  });

  it('stops at the limit', async () => {
    const many = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`k${String(i).padStart(2, '0')}`, i]));
    await getDb().insert(executions).values({ id: randomUUID(), experimentId, variant: 'b', unitId: 'u6', variables: {}, attributes: many });
    const keys = await attributeKeysOfExperiment(getDb(), experimentId);
    expect(keys).toHaveLength(20);
    expect(keys.slice(0, 4)).toEqual(['beta', 'country', 'k00', 'k01']);
  });
});
