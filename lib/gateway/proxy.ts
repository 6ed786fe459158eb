import { VersoError } from '@/lib/api/errors';
import { providersOfModel } from '@/lib/models/catalog';
import { isProviderId, providerStatuses, type ProviderId } from '@/lib/models/providers';

/**
 * Which provider serves a plain model name in proxy mode: the catalog's entry for that exact
 * model (a configured provider first), else a `provider/model` prefix, else the first
 * configured provider, with the name passed on as is.
 */
export async function proxyTarget(name: string): Promise<{ provider: ProviderId; model: string }> {
  const statuses = providerStatuses();
  const configured = statuses.filter((s) => s.configured).map((s) => s.id);
  const known = await providersOfModel(name);
  const fromCatalog = known.find((p) => configured.includes(p)) ?? known[0];
  if (fromCatalog) return { provider: fromCatalog, model: name };
  const slash = name.indexOf('/');
  if (slash > 0 && isProviderId(name.slice(0, slash))) return { provider: name.slice(0, slash) as ProviderId, model: name.slice(slash + 1) };
  if (configured[0]) return { provider: configured[0], model: name };
  throw new VersoError('provider_not_configured', `No model provider is configured: set one of ${statuses.map((s) => s.variable).join(', ')}.`);
}
