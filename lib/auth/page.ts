import { redirect } from 'next/navigation';
import { hasRole, type Actor, type Role } from './roles';
import { sessionActor } from './session';

export const ACCOUNT_PATH = '/account';

/**
 * For server pages: the signed-in actor with at least `role`, or a redirect to where they belong.
 * A user signed in with a one-time password is sent to choose a new one first; only the
 * account page (and the console layout around it) pass `passwordChange: 'allowed'`.
 */
export async function pageActor(role: Role = 'viewer', options: { passwordChange?: 'allowed' } = {}): Promise<Actor> {
  const actor = await sessionActor();
  if (!actor) redirect('/login');
  if (actor.mustChangePassword && options.passwordChange !== 'allowed') redirect(`${ACCOUNT_PATH}?reason=reset`);
  if (!hasRole(actor, role)) redirect(`/forbidden?need=${role}`);
  return actor;
}
