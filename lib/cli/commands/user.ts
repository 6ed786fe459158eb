import { z } from 'zod';
import { resetPassword, userIdByEmail } from '@/lib/auth/account';
import { newUserInput } from '@/lib/auth/schemas';
import { createUser } from '@/lib/auth/users';
import { ACTOR_HELP, actorInput, actorOption, cliActor } from '../actor';
import { defineCommand, noArgs } from '../command';

export const userCreate = defineCommand({
  name: 'user create',
  summary: 'create a console user',
  help: `Usage: npm run cli -- user create --email EMAIL --password PASSWORD --role admin|editor|viewer [--name NAME]

Creates a user who signs in to the console with this email and password.

Options:
  --email EMAIL        the sign-in email
  --password PASSWORD  at least 8 characters (stored as a bcrypt hash)
  --role ROLE          admin, editor or viewer (service is for API keys only)
  --name NAME          a display name (optional)
${ACTOR_HELP}`,
  options: { email: { type: 'string' }, password: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' }, ...actorOption },
  input: newUserInput.extend({ args: noArgs, ...actorInput.shape }),
  run: async ({ email, password, role, name, actor }) => {
    const user = await createUser(cliActor(actor), { email, password, role, name });
    console.log(`Created user ${user.email} (role ${user.role}).`);
  },
});

export const userResetPassword = defineCommand({
  name: 'user reset-password',
  summary: "reset a user's password to a one-time password",
  help: `Usage: npm run cli -- user reset-password --email EMAIL

For an admin locked out of the console, or anyone who forgot their password. Replaces the
user's password with a random one-time password, signs them out everywhere, and prints the
one-time password alone on the last line. At their next sign-in they must choose a new
password before the console opens. The reset is in the audit log (without the password).

Options:
  --email EMAIL      the user's sign-in email
${ACTOR_HELP}`,
  options: { email: { type: 'string' }, ...actorOption },
  input: actorInput.extend({ email: z.string().trim().min(1, 'an email is required').max(254), args: noArgs }),
  run: async ({ email, actor }) => {
    const reset = await resetPassword(cliActor(actor), await userIdByEmail(email));
    console.log(`Reset the password of ${reset.email}. They must choose a new one at their next sign-in. One-time password:`);
    console.log(reset.oneTimePassword);
  },
});
