import { listModels } from './catalog';
import { providerStatuses } from './providers';

export type ModelChoice = { provider: string; model: string };

// The cheap, widely available model the docs use; also the answer when the catalog is empty.
const FALLBACK: ModelChoice = { provider: 'openai', model: 'gpt-4o-mini' };

/**
 * The model a new prompt starts with, as real values in the form (a prompt saved without a
 * model cannot be run): an active catalog model whose provider has its key set, the fallback
 * first when it qualifies, so that saving without touching the model section serves.
 */
export async function defaultModelChoice(): Promise<ModelChoice> {
  const active = (await listModels()).filter((m) => m.active);
  const configured = new Set(providerStatuses().filter((p) => p.configured).map((p) => p.id as string));
  const usable = active.filter((m) => configured.has(m.provider));
  const candidates = usable.length > 0 ? usable : active;
  const chosen = candidates.find((m) => m.provider === FALLBACK.provider && m.model === FALLBACK.model) ?? candidates[0];
  return chosen ? { provider: chosen.provider, model: chosen.model } : FALLBACK;
}
