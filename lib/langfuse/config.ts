import type { ModelConfig } from '@/db/schema';

// Langfuse's `config` is free JSON; Verso's model config has typed fields and an `extra` bag.
// Keys Verso knows become its fields (and are checked as such); every other key goes to
// `extra` and comes back at the top level, so a config survives the round trip unchanged.
const VERSO_KEYS = ['provider', 'model', 'temperature', 'maxTokens', 'topP', 'stop'] as const;

/** A Langfuse `config` as the model config of a new version (validated afterwards by Verso's schema). */
export function toModelConfig(config: Record<string, unknown> | null | undefined): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config ?? {})) {
    if ((VERSO_KEYS as readonly string[]).includes(key)) fields[key] = value;
    else extra[key] = value;
  }
  return Object.keys(extra).length > 0 ? { ...fields, extra } : fields;
}

/** A version's model config as Langfuse's `config`: Verso's fields and `extra`'s keys side by side. */
export function toLangfuseConfig(modelConfig: ModelConfig): Record<string, unknown> {
  const { extra, ...fields } = modelConfig;
  return { ...extra, ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) };
}
