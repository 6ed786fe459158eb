import { redirect } from 'next/navigation';
import { hasRole, type Actor, type Role } from './roles';
import { sessionActor } from './session';

/** For server pages: the signed-in actor with at least `role`, or a redirect to where they belong. */
export async function pageActor(role: Role = 'viewer'): Promise<Actor> {
  const actor = await sessionActor();
  if (!actor) redirect('/login');
  if (!hasRole(actor, role)) redirect(`/forbidden?need=${role}`);
  return actor;
}
