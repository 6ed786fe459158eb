import { systemActor } from '@/lib/auth/roles';
import { newUserInput } from '@/lib/auth/schemas';
import { createUser } from '@/lib/auth/users';
import { defineCommand, noArgs } from '../command';

export const userCreate = defineCommand({
  name: 'user create',
  summary: 'create a console user',
  help: `Usage: npm run cli -- user create --email EMAIL --password PASSWORD --role admin|editor|viewer [--name NAME]

Creates a user who signs in to the console with this email and password.

Options:
  --email EMAIL        the sign-in email
  --password PASSWORD  at least 8 characters (stored as a bcrypt hash)
  --role ROLE          admin, editor or viewer
  --name NAME          a display name (optional)`,
  options: { email: { type: 'string' }, password: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' } },
  input: newUserInput.extend({ args: noArgs }),
  run: async ({ email, password, role, name }) => {
    const user = await createUser(systemActor, { email, password, role, name });
    console.log(`Created user ${user.email} (role ${user.role}).`);
  },
});
