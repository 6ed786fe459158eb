import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { experimentResultsView } from '@/lib/experiments/views-schema';
import { callApi, withApiKeys } from '../support/api';
import { withTestDatabase } from '../support/db';
import { givenExperiment } from '../support/experiments';
import { givenPrompt } from '../support/prompts';

// The API refuses metric values past ±1e15, and the database's CHECK does too, but the CHECK
// is NOT VALID: rows written before it may hold anything. One 1e200 made Σx² overflow float8
// and every results call of the experiment answer 500, forever.

withTestDatabase();
const keys = withApiKeys();

const units = Array.from({ length: 12 }, (_, i) => `unit-${i}`);

beforeAll(async () => {
  await givenPrompt('scored', { versions: 2, labels: ['production'] });
  await givenExperiment(
    'scored-test',
    'scored',
    {
      primaryMetric: { name: 'rating', type: 'continuous', direction: 'increase' },
      guardrailMetrics: [{ name: 'converted', type: 'binary', direction: 'increase' }],
    },
    { start: true },
  );
  const items = [];
  for (const [i, unitId] of units.entries()) {
    const { body } = await callApi('resolvePrompt', { key: keys.admin, params: { name: 'scored' }, body: { unitId, variables: { name: 'x' } } });
    items.push({ executionId: body.executionId, name: 'rating', value: 1 + (i % 5) }, { executionId: body.executionId, name: 'converted', value: i % 2 });
  }
  const recorded = await callApi('recordMetrics', { key: keys.admin, body: { items } });
  expect(recorded.body).toEqual({ recorded: items.length });
});

/** A value written the way an old row could have been: around the CHECK, straight into the table. */
async function writeBeforeTheLimit(name: string, value: number) {
  await getDb().transaction(async (tx) => {
    await tx.execute(sql`alter table execution_metrics drop constraint execution_metrics_value_range`);
    await tx.execute(sql`update execution_metrics set value = ${value} where name = ${name}
      and execution_id = (select execution_id from execution_metrics where name = ${name} order by execution_id limit 1)`);
    await tx.execute(sql`alter table execution_metrics add constraint execution_metrics_value_range check (value between -1e15 and 1e15) not valid`);
  });
}

const results = async () => callApi('experimentResults', { key: keys.admin, params: { key: 'scored-test' } });

describe('results with metric values stored before the ±1e15 limit', () => {
  it('answer 200, leave the stray values out, and say how many', async () => {
    const before = experimentResultsView.parse((await results()).body);
    await writeBeforeTheLimit('rating', 1e200);
    await writeBeforeTheLimit('converted', 1e300);
    const res = await results();
    expect(res.status).toBe(200);
    const after = experimentResultsView.parse(res.body);
    const [rating, converted] = after.metrics;
    expect(rating!.ignoredValues).toBe(1);
    expect(converted!.ignoredValues).toBe(1);
    // One fewer rating in one variant; every number still finite.
    const count = (r: typeof after) => Object.values(r.metrics[0]!.summaries).reduce((n, s) => n + s.n, 0);
    expect(count(after)).toBe(count(before) - 1);
    for (const summary of Object.values(rating!.summaries)) {
      expect(summary.type === 'continuous' && Number.isFinite(summary.mean) && Number.isFinite(summary.sum)).toBe(true);
    }
    expect(before.metrics[0]!.ignoredValues).toBe(0);
  });

  it('still refuses to store such a value through the API or the database', async () => {
    const { body } = await callApi('resolvePrompt', { key: keys.admin, params: { name: 'scored' }, body: { unitId: 'unit-new', variables: { name: 'x' } } });
    const res = await callApi('recordExecutionMetric', { key: keys.admin, params: { id: body.executionId }, body: { name: 'rating', value: 1e200 } });
    expect(res.status).toBe(400);
    await expect(
      getDb().execute(sql`insert into execution_metrics (execution_id, name, value) values (${body.executionId}::uuid, 'rating', 1e200)`),
    ).rejects.toThrow();
  });
});
