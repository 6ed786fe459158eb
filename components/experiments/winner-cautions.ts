import type { ExperimentResults } from '@/lib/experiments/results';
import { count } from './figures';

/**
 * Why shipping `variantKey` now may be premature, in words for the winner dialog: the minimum
 * sample (executions per variant, as the results count them) not reached, or results that do
 * not back this variant. Empty when the results say to ship it. The admin may still go ahead.
 */
export function winnerCautions(results: Pick<ExperimentResults, 'variants' | 'recommendation'>, variantKey: string): string[] {
  const cautions: string[] = [];
  const short = results.variants.filter((v) => !v.reached);
  if (short.length > 0) {
    const target = count(short[0]!.target);
    const counts = short.map((v) => `${v.key} has ${count(v.executions)}`).join(', ');
    cautions.push(`The minimum sample of ${target} executions per variant is not reached (${counts}): a difference seen now may be noise.`);
  }
  const { verdict, winner, text } = results.recommendation;
  const backed = (verdict === 'ship' || verdict === 'keep_control') && winner === variantKey;
  if (!backed) cautions.push(`The results do not recommend shipping ${variantKey}: ${text}`);
  return cautions;
}
