import type { ModelConfig } from '@/db/schema';
import { canonicalJson } from '@/lib/canonical-json';

export type { ModelConfig };

// A variant's modelConfig is merged key by key over its version's when served
// (lib/executions/serve.ts). Shipping the variant must ship that same merge. Pure: the winner
// service and the winner dialog both use it.

type Override = ModelConfig | null | undefined;

/** The model config the variant is served with. */
export function mergeModelConfig(base: ModelConfig, override: Override): ModelConfig {
  return { ...base, ...(override ?? {}) };
}

/** The override's keys that change what the version alone would be served with; none when it repeats it. */
export function changedModelKeys(base: ModelConfig, override: Override): (keyof ModelConfig)[] {
  if (!override) return [];
  return (Object.keys(override) as (keyof ModelConfig)[]).filter((k) => override[k] !== undefined && canonicalJson(override[k]) !== canonicalJson(base[k]));
}

/** "gpt-4o-mini, temperature 0.2": the changed keys with their new values, the model first and bare. */
export function describeModelChange(merged: ModelConfig, changed: (keyof ModelConfig)[]): string {
  const ordered = [...changed].sort((a, b) => (a === 'model' ? -1 : b === 'model' ? 1 : 0));
  return ordered.map((k) => (k === 'model' ? String(merged.model) : `${k} ${JSON.stringify(merged[k])}`)).join(', ');
}

/** The commit message of the version a winner's override becomes. */
export function winnerCommitMessage(experimentKey: string, variantKey: string, merged: ModelConfig, changed: (keyof ModelConfig)[]): string {
  const kind = changed.includes('model') ? 'model override' : 'model config override';
  return `Winner of experiment ${experimentKey}: ${variantKey} (${kind} ${describeModelChange(merged, changed)})`.slice(0, 2000);
}
