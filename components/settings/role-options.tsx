import type { Role } from '@/lib/auth/roles';

// Type-only import: lib/auth/roles pulls the database schema, which has no place in the browser.
// Record<Role, …> makes the compiler insist on every role.
export const roleHint: Record<Role, string> = {
  viewer: 'reads prompts, experiments and executions; changes nothing',
  service: 'an application: resolves and runs prompts, calls the gateway, reports executions and metrics',
  editor: 'writes prompts and experiments, moves labels other than production',
  admin: 'everything, including users and keys',
};

const roleOrder = Object.keys(roleHint) as Role[];

// `service` is for applications' API keys only: a person who runs prompts does it as an editor.
const rolesFor = { person: roleOrder.filter((role) => role !== 'service'), key: roleOrder };

/** The options of a role select, least to most powerful, optionally with what each may do. */
export function RoleOptions({ hints = true, holder }: { hints?: boolean; holder: keyof typeof rolesFor }) {
  return rolesFor[holder].map((role) => (
    <option key={role} value={role}>
      {hints ? `${role} — ${roleHint[role]}` : role}
    </option>
  ));
}
