import type { Role } from '@/lib/auth/roles';

// Type-only import: lib/auth/roles pulls the database schema, which has no place in the browser.
// Record<Role, …> makes the compiler insist on every role.
export const roleHint: Record<Role, string> = {
  viewer: 'reads prompts',
  editor: 'writes prompts, moves labels other than production',
  admin: 'everything, including users and keys',
};

const roleOrder = Object.keys(roleHint) as Role[];

/** The options of a role select, least to most powerful, optionally with what each may do. */
export function RoleOptions({ hints = true }: { hints?: boolean }) {
  return roleOrder.map((role) => (
    <option key={role} value={role}>
      {hints ? `${role} — ${roleHint[role]}` : role}
    </option>
  ));
}
