import { normaliseWeights } from './assignment';
import type { TargetingCondition } from './targeting';

/**
 * The fields of GrowthBook's `Experiment` that decide assignment, as Verso uses them: hash
 * version 2 over the attribute `id` (the unit id), seeded with the salt, the normalised
 * weights, the coverage and the targeting condition. Given to a GrowthBook SDK's run(), it
 * includes and assigns every unit exactly as Verso's serving path does.
 */
export type GrowthBookExperiment = {
  key: string;
  hashAttribute: 'id';
  hashVersion: 2;
  seed: string;
  variations: string[];
  weights: number[];
  coverage: number;
  condition?: TargetingCondition;
  meta: { key: string; name: string }[];
};

type Definable = {
  key: string;
  salt: string;
  coverage: number;
  targeting: TargetingCondition | null;
  variants: { key: string; version: number; weight: number }[];
};

export function growthbookDefinition(e: Definable): GrowthBookExperiment {
  return {
    key: e.key,
    hashAttribute: 'id',
    hashVersion: 2,
    seed: e.salt,
    variations: e.variants.map((v) => v.key),
    weights: normaliseWeights(e.variants.map((v) => v.weight)),
    coverage: e.coverage,
    ...(e.targeting ? { condition: e.targeting } : {}),
    meta: e.variants.map((v) => ({ key: v.key, name: `${v.key} (v${v.version})` })),
  };
}
