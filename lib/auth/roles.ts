import { VersoError } from '@/lib/api/errors';
import { roles } from '@/db/schema';

export { roles };
export type Role = (typeof roles)[number];

/** Who is acting: a signed-in user, an API key, or Verso itself (seed, start-up). */
export type Actor = {
  type: 'user' | 'api_key' | 'system';
  id: string | null;
  name: string;
  role: Role;
  /** A signed-in user on a one-time password: they may only choose a new one (lib/auth/page.ts, action.ts). */
  mustChangePassword?: boolean;
};

export const systemActor: Actor = { type: 'system', id: null, name: 'system', role: 'admin' };

const rank: Record<Role, number> = { viewer: 0, service: 1, editor: 2, admin: 3 };

export function hasRole(actor: Pick<Actor, 'role'>, needed: Role): boolean {
  return rank[actor.role] >= rank[needed];
}

export function assertRole(actor: Actor, needed: Role, doing?: string) {
  if (!hasRole(actor, needed)) {
    throw new VersoError(
      'forbidden',
      `${doing ? `${doing} needs` : 'This needs'} the ${needed} role; ${actor.name} is ${actor.role}.`,
    );
  }
}
