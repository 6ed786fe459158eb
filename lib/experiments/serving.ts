import { evalCondition, type ConditionInterface } from '@growthbook/growthbook';
import { getDb } from '@/db/client';
import { getRunningExperimentOfPrompt, listVariants } from '@/db/queries/experiments';
import { getPromptByName } from '@/db/queries/prompts';
import { cachedServing } from '@/lib/prompts/serving';
import { chooseVariant, getBucketRanges, hash, normaliseWeights } from './assignment';
import type { TargetingCondition, UnitAttributes } from './targeting';
import type { VariantView } from './views';

export type ServingExperiment = {
  id: string;
  key: string;
  salt: string;
  coverage: number;
  /** Only units whose attributes match take part; null: every unit. */
  targeting: TargetingCondition | null;
  variants: VariantView[];
  ranges: [number, number][];
};

/** The prompt's running experiment, from the serving cache (dropped on every change). */
export function runningExperiment(promptName: string): Promise<ServingExperiment | null> {
  return cachedServing(promptName, 'experiment', async () => {
    const prompt = await getPromptByName(getDb(), promptName);
    if (!prompt) return null;
    const row = await getRunningExperimentOfPrompt(getDb(), prompt.id);
    if (!row) return null;
    const variants = (await listVariants(getDb(), row.id)).map((v) => ({
      key: v.key,
      version: v.version,
      weight: v.weight,
      control: v.isControl,
      modelConfig: v.modelConfig,
    }));
    return servingExperimentOf(row, variants);
  });
}

/** An experiment as serving assigns with it: its bucket ranges built from coverage and normalised weights. */
export function servingExperimentOf(
  row: { id: string; key: string; salt: string; coverage: number; targeting: TargetingCondition | null },
  variants: VariantView[],
): ServingExperiment {
  return {
    id: row.id,
    key: row.key,
    salt: row.salt,
    coverage: row.coverage,
    targeting: row.targeting ?? null,
    variants,
    ranges: getBucketRanges(variants.length, row.coverage, normaliseWeights(variants.map((v) => v.weight))),
  };
}

/**
 * Whether the unit is targeted, by GrowthBook's own evaluator over the attributes with `id` set
 * to the unit id, as a GrowthBook SDK sees them with hashAttribute `id`.
 */
export function isTargeted(condition: TargetingCondition | null, unitId: string | undefined, attributes: UnitAttributes = {}): boolean {
  if (!condition) return true;
  // Validated on save (targetingCondition): a GrowthBook condition, typed loosely as JSON.
  return evalCondition(unitId === undefined ? attributes : { ...attributes, id: unitId }, condition as ConditionInterface);
}

/**
 * The unit's variant: by hash when there is a unit (sticky while weights stay), at random per
 * request without one. Null when the unit is not targeted or falls outside the coverage: it is
 * not in the experiment and gets the label, as GrowthBook's SDK would leave it out.
 */
export function assignVariant(experiment: ServingExperiment, unitId: string | undefined, attributes?: UnitAttributes): VariantView | null {
  if (!isTargeted(experiment.targeting, unitId, attributes)) return null;
  const n = unitId === undefined ? Math.random() : hash(experiment.salt, unitId);
  const index = chooseVariant(n, experiment.ranges);
  return index < 0 ? null : experiment.variants[index]!;
}
