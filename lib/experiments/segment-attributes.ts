import { getDb } from '@/db/client';
import { attributeKeysOfExperiment } from '@/db/queries/attribute-keys';
import { experimentRecord } from './experiments';
import { resultsQuery } from './schemas';

/**
 * The attribute names the results can be broken down by, as seen in the experiment's
 * executions: only names the results API accepts as `segment`, so that each one offered works.
 */
export async function segmentAttributes(key: string): Promise<string[]> {
  const { id } = await experimentRecord(key);
  const keys = await attributeKeysOfExperiment(getDb(), id);
  return keys.filter((k) => resultsQuery.safeParse({ segment: k }).success);
}
