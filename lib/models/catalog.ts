import { getDb } from '@/db/client';
import * as q from '@/db/queries/models';
import type { ModelRow } from '@/db/schema';
import { VersoError } from '@/lib/api/errors';
import { audit } from '@/lib/audit/audit';
import { assertRole, type Actor } from '@/lib/auth/roles';
import { newId } from '@/lib/ids';
import { isProviderId, type ProviderId } from './providers';
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
  catalogReads.clear();
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
  catalogReads.clear();
  return view(changed);
}

// The catalog is read on every run (prices) and proxied call (which provider has the model);
// it changes rarely and only through the two functions above, which clear this.
const CATALOG_TTL_MS = 5_000;
type Entry = { value: Promise<unknown>; expires: number };
const g = globalThis as unknown as { __versoCatalog?: Map<string, Entry> };
const catalogReads = (g.__versoCatalog ??= new Map());

function cachedRead<T>(key: string, load: () => Promise<T>): Promise<T> {
  const hit = catalogReads.get(key);
  if (hit && hit.expires > Date.now()) return hit.value as Promise<T>;
  const value = load();
  catalogReads.set(key, { value, expires: Date.now() + CATALOG_TTL_MS });
  value.catch(() => catalogReads.delete(key));
  return value;
}

/** The catalog price of a model, or null when the catalog does not know it (the cost is then unknown). */
export function priceOf(provider: string, model: string): Promise<Price | null> {
  if (!isProviderId(provider)) return Promise.resolve(null);
  return cachedRead(`price\u0000${provider}\u0000${model}`, async () => {
    const m = await q.getModel(getDb(), provider, model);
    return m ? { inputPerMillion: m.inputPerMillion, outputPerMillion: m.outputPerMillion } : null;
  });
}

/** The providers whose catalog entry has exactly this model id. */
export function providersOfModel(model: string): Promise<ProviderId[]> {
  return cachedRead(`providers\u0000${model}`, async () => (await q.listModelsNamed(getDb(), model)).map((m) => m.provider));
}

/** What a call cost at the catalog's price, exact; null when the catalog does not know the model. */
export async function costAtCatalogPrice(provider: string, model: string, usage: { inputTokens: number; outputTokens: number }): Promise<string | null> {
  const price = await priceOf(provider, model);
  return price ? costOf(usage, price) : null;
}
