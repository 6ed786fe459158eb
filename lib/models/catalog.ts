import { getDb } from '@/db/client';
import * as q from '@/db/queries/models';
import type { ModelRow } from '@/db/schema';
import { VersoError } from '@/lib/api/errors';
import { audit } from '@/lib/audit/audit';
import { assertRole, type Actor } from '@/lib/auth/roles';
import { newId } from '@/lib/ids';
import { isProviderId } from './providers';
import { costOf, type Price } from './money';
import type { ModelChangeInput, NewModelInput } from './schemas';

export type ModelView = {
  id: string;
  provider: ModelRow['provider'];
  model: string;
  displayName: string;
  inputPerMillion: string;
  outputPerMillion: string;
  contextWindow: number | null;
  active: boolean;
  custom: boolean;
  priceSource: string;
  updatedAt: string;
};

const view = (m: ModelRow): ModelView => ({
  id: m.id,
  provider: m.provider,
  model: m.model,
  displayName: m.displayName,
  inputPerMillion: m.inputPerMillion,
  outputPerMillion: m.outputPerMillion,
  contextWindow: m.contextWindow,
  active: m.active,
  custom: m.custom,
  priceSource: m.priceSource,
  updatedAt: m.updatedAt.toISOString(),
});

export async function listModels(): Promise<ModelView[]> {
  return (await q.listModels(getDb())).map(view);
}

export async function createModel(actor: Actor, input: NewModelInput): Promise<ModelView> {
  assertRole(actor, 'admin', 'Adding a model');
  const created = await getDb().transaction(async (tx) => {
    if (await q.getModel(tx, input.provider, input.model)) {
      throw new VersoError('conflict', `The catalog already has ${input.provider}/${input.model}.`);
    }
    const row = await q.insertModel(tx, {
      id: newId(),
      provider: input.provider,
      model: input.model,
      displayName: input.displayName ?? input.model,
      inputPerMillion: input.inputPerMillion,
      outputPerMillion: input.outputPerMillion,
      contextWindow: input.contextWindow ?? null,
      priceSource: input.priceSource,
      custom: true,
    });
    await audit(tx, actor, 'model.created', { type: 'model', id: `${row.provider}/${row.model}` }, null, view(row));
    return row;
  });
  prices.clear();
  return view(created);
}

export async function changeModel(actor: Actor, id: string, input: ModelChangeInput): Promise<ModelView> {
  assertRole(actor, 'admin', 'Changing a model');
  const changed = await getDb().transaction(async (tx) => {
    const before = await q.getModelById(tx, id);
    if (!before) throw new VersoError('not_found', `Model ${id} does not exist.`);
    const row = (await q.updateModel(tx, id, input))!;
    await audit(tx, actor, 'model.updated', { type: 'model', id: `${row.provider}/${row.model}` }, view(before), view(row));
    return row;
  });
  prices.clear();
  return view(changed);
}

// Prices are read on every run; they change rarely and only through the two functions above.
const PRICE_TTL_MS = 5_000;
const g = globalThis as unknown as { __versoPrices?: Map<string, { value: Promise<Price | null>; expires: number }> };
const prices = (g.__versoPrices ??= new Map());

/** The catalog price of a model, or null when the catalog does not know it (the cost is then unknown). */
export function priceOf(provider: string, model: string): Promise<Price | null> {
  if (!isProviderId(provider)) return Promise.resolve(null);
  const key = `${provider}\u0000${model}`;
  const hit = prices.get(key);
  if (hit && hit.expires > Date.now()) return hit.value;
  const value = q.getModel(getDb(), provider, model).then((m) => (m ? { inputPerMillion: m.inputPerMillion, outputPerMillion: m.outputPerMillion } : null));
  prices.set(key, { value, expires: Date.now() + PRICE_TTL_MS });
  value.catch(() => prices.delete(key));
  return value;
}

/** What a call cost at the catalog's price, exact; null when the catalog does not know the model. */
export async function costAtCatalogPrice(provider: string, model: string, usage: { inputTokens: number; outputTokens: number }): Promise<string | null> {
  const price = await priceOf(provider, model);
  return price ? costOf(usage, price) : null;
}
