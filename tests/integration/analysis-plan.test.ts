import { describe, expect, it } from 'vitest';
import { transitionExperiment } from '@/lib/experiments/experiments';
import { admin } from '../support/actors';
import { callApi, withApiKeys } from '../support/api';
import { withTestDatabase } from '../support/db';
import { experimentAuditRows, givenExperiment, uniqueKey } from '../support/experiments';
import { givenPrompt, uniqueName } from '../support/prompts';
import { leavesDatabaseAsItWas } from '../support/snapshot';

// The analysis plan is fixed when an experiment starts: the primary metric, alpha and method
// cannot change afterwards (choosing them after seeing data is p-hacking); guardrails and the
// minimum sample may still change, by an admin, audited.

withTestDatabase();
const keys = withApiKeys();

const latency = { name: 'latency', type: 'continuous', direction: 'decrease', tolerance: 0.1 };

/** An experiment in `status`, on a prompt of its own so that starts never collide. */
async function experimentIn(status: 'draft' | 'running' | 'paused' | 'completed') {
  const key = uniqueKey('plan');
  await givenExperiment(key, await givenPrompt(uniqueName('plan'), { versions: 2, labels: ['production'] }), { minSampleSize: 100 }, { start: status !== 'draft' });
  if (status === 'paused') await transitionExperiment(admin, key, 'pause');
  if (status === 'completed') await transitionExperiment(admin, key, 'complete');
  return key;
}

const edit = (key: string, as: string, body: Record<string, unknown>) => callApi('editExperiment', { key: as, params: { key }, body });

const fixed = {
  primaryMetric: { name: 'revenue', type: 'continuous', direction: 'increase' },
  'primaryMetric direction': { name: 'conversion', type: 'binary', direction: 'decrease' },
  alpha: 0.1,
  method: 'bayesian',
};

describe('a started experiment', () => {
  for (const status of ['running', 'paused', 'completed'] as const) {
    for (const [field, value] of Object.entries(fixed)) {
      it(`refuses anyone, admin included, changing ${field} of a ${status} experiment, and changes nothing`, async () => {
        const key = await experimentIn(status);
        for (const as of [keys.editor, keys.admin]) {
          const res = await leavesDatabaseAsItWas(() => edit(key, as, { [field.split(' ')[0]!]: value }));
          expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 409, code: 'conflict' });
          expect(res.body.error.message).toMatch(/cannot change once the experiment has started/);
        }
      });
    }
  }

  it('refuses an editor changing guardrails or the minimum sample of a running experiment, and changes nothing', async () => {
    const key = await experimentIn('running');
    for (const change of [{ guardrailMetrics: [latency] }, { minSampleSize: 500 }]) {
      const res = await leavesDatabaseAsItWas(() => edit(key, keys.editor, change));
      expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 403, code: 'forbidden' });
      expect(res.body.error.message).toMatch(/of a started experiment needs the admin role; key:editor is editor/);
    }
  });

  it('lets an admin change guardrails and the minimum sample, audited with before and after', async () => {
    const key = await experimentIn('running');
    const res = await edit(key, keys.admin, { guardrailMetrics: [latency], minSampleSize: 500 });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // The sequential tuning was fixed at start from the plan (2 × 100): asking for more data
    // later does not move it, or its intervals would be chosen after seeing the data.
    expect(res.body).toMatchObject({ guardrailMetrics: [latency], minSampleSize: 500, method: 'sequential', sequentialTuning: 200 });
    const edited = (await experimentAuditRows(key)).filter((r) => r.action === 'experiment.edited');
    expect(edited).toHaveLength(1);
    expect(edited[0]).toMatchObject({ actorName: 'key:admin', before: { guardrailMetrics: [], minSampleSize: 100 }, after: { guardrailMetrics: [latency], minSampleSize: 500 } });
  });

  it('lets an editor rename it, and resend the plan unchanged (keys in any order)', async () => {
    const key = await experimentIn('running');
    const res = await edit(key, keys.editor, {
      name: 'Renamed',
      hypothesis: 'clearer now',
      primaryMetric: { direction: 'increase', type: 'binary', name: 'conversion' },
      alpha: 0.05,
      method: 'sequential',
      minSampleSize: 100,
      guardrailMetrics: [],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ name: 'Renamed', hypothesis: 'clearer now', alpha: 0.05 });
  });
});

describe('a draft', () => {
  it('lets an editor change the whole plan', async () => {
    const key = await experimentIn('draft');
    const res = await edit(key, keys.editor, { primaryMetric: fixed.primaryMetric, alpha: 0.1, method: 'sequential', guardrailMetrics: [latency], minSampleSize: 300 });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ primaryMetric: fixed.primaryMetric, alpha: 0.1, method: 'sequential', minSampleSize: 300 });
  });
});
