import { VersoError } from '@/lib/api/errors';
import { hasRole, type Actor } from '@/lib/auth/roles';

// An execution belongs to the API key that served it (resolve, run, the gateway). Its outcome
// (status, tokens, cost) feeds cost reports and results, so only that key may complete it; an
// admin key may complete any (audited). Executions served from the console have no key: only
// an admin completes those.

/** The key recorded on an execution served by this actor; null for a person or Verso itself. */
export function apiKeyIdOf(actor: Actor | undefined): string | null {
  return actor?.type === 'api_key' ? actor.id : null;
}

/**
 * May this actor complete an execution served by `owner`? Answers whether the change must be
 * audited (an admin completing another key's execution), or refuses with 403. 403 and not 404:
 * execution ids are random UUIDs that only the serving key was told, so existence leaks nothing
 * an attacker could use, and an application that rotated its key learns why it is refused.
 */
export function assertMayComplete(actor: Actor, owner: string | null): { audited: boolean } {
  const own = owner !== null && actor.type === 'api_key' && actor.id === owner;
  if (own) return { audited: false };
  if (hasRole(actor, 'admin')) return { audited: true };
  throw new VersoError(
    'forbidden',
    `Completing this execution needs the API key that served it, or an admin key; ${actor.name} did not serve it.`,
  );
}
