import { getDb } from '@/db/client';
import { getRunningExperimentOfPrompt, listVariants } from '@/db/queries/experiments';
import { getPromptByName } from '@/db/queries/prompts';
import { cachedServing } from '@/lib/prompts/serving';
import { chooseVariant, getBucketRanges, hash } from './assignment';
import type { VariantView } from './views';

export type ServingExperiment = {
  id: string;
  key: string;
  salt: string;
  coverage: number;
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
    const total = variants.reduce((s, v) => s + v.weight, 0);
    return {
      id: row.id,
      key: row.key,
      salt: row.salt,
      coverage: row.coverage,
      variants,
      ranges: getBucketRanges(variants.length, row.coverage, variants.map((v) => v.weight / total)),
    };
  });
}

/**
 * The unit's variant: by hash when there is a unit (sticky while weights stay), at random per
 * request without one. Null when the unit falls outside the experiment's coverage.
 */
export function assignVariant(experiment: ServingExperiment, unitId: string | undefined): VariantView | null {
  const n = unitId === undefined ? Math.random() : hash(experiment.salt, unitId);
  const index = n === null ? -1 : chooseVariant(n, experiment.ranges);
  return index < 0 ? null : experiment.variants[index]!;
}
