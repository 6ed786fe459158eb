import { sql } from 'drizzle-orm';
import type { Conn } from '../client';
import { rowsOf } from './prompts';

/** Executions read to find attribute names: enough to see every key an application sends, bounded however big the experiment. */
const SAMPLE = 10_000;

/**
 * Distinct top-level keys of `executions.attributes` in one experiment, alphabetical, at most
 * `limit`. Reads a bounded sample of the experiment's executions (from its index), so a key
 * sent by very few of them may be missed; the console lets people type any name.
 */
export async function attributeKeysOfExperiment(conn: Conn, experimentId: string, limit = 20): Promise<string[]> {
  const result = await conn.execute(sql`
    select distinct k.key
      from (select attributes from executions
             where experiment_id = ${experimentId}::uuid and attributes is not null
             limit ${SAMPLE}) e
     cross join lateral jsonb_object_keys(case when jsonb_typeof(e.attributes) = 'object' then e.attributes else '{}'::jsonb end) as k(key)
     order by k.key
     limit ${limit}`);
  return rowsOf<{ key: string }>(result).map((r) => r.key);
}
