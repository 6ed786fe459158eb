// Passwords after sign-up: a user changes their own, an admin resets someone else's to a
// one-time password. Either way the other browsers signed in as that user are signed out,
// and the audit log says it happened without ever holding a password.
import crypto from 'node:crypto';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { revokeSessionsByUser } from '@/db/queries/sessions';
import * as q from '@/db/queries/users';
import { VersoError } from '@/lib/api/errors';
import { audit } from '@/lib/audit/audit';
import { hashPassword, verifyPassword } from './passwords';
import { assertRole, type Actor } from './roles';
import { passwordSchema } from './schemas';

export const changePasswordInput = z
  .object({
    current: z.string().min(1, 'your current password is required').max(200),
    next: passwordSchema,
    confirm: z.string().max(200),
  })
  .refine((p) => p.confirm === p.next, { path: ['confirm'], message: 'does not match the new password' })
  .refine((p) => p.next !== p.current, { path: ['next'], message: 'must differ from the current password' });

export type ChangePasswordInput = z.infer<typeof changePasswordInput>;

/**
 * The signed-in user's new password, given their current one (the one-time password after a
 * reset). Signs out their other sessions; `keepSessionId` is the one they are acting from.
 */
export async function changeOwnPassword(
  actor: Actor,
  input: Pick<ChangePasswordInput, 'current' | 'next'>,
  keepSessionId?: string,
): Promise<void> {
  if (actor.type !== 'user' || !actor.id) throw new VersoError('forbidden', 'Only a signed-in person has a password to change.');
  const user = await q.getUserById(getDb(), actor.id);
  if (!user || user.disabled) throw new VersoError('unauthorized', 'Please sign in.');
  if (!(await verifyPassword(input.current, user.passwordHash))) {
    throw new VersoError('invalid', 'Your current password is not right; nothing was changed.', {
      issues: [{ path: 'current', message: 'is not your current password', code: 'custom' }],
    });
  }
  const passwordHash = await hashPassword(input.next);
  await getDb().transaction(async (tx) => {
    await q.setUserPassword(tx, user.id, passwordHash, false);
    await revokeSessionsByUser(tx, user.id, keepSessionId);
    await audit(tx, actor, 'user.password_changed', { type: 'user', id: user.email }, { mustChangePassword: user.mustChangePassword }, {
      mustChangePassword: false,
      otherSessions: 'signed out',
    });
  });
}

export type PasswordReset = { email: string; oneTimePassword: string };

/**
 * An admin's reset: a random one-time password that must be replaced at the next sign-in.
 * The user is signed out everywhere. The password is returned to be shown once, and is
 * stored only as a hash.
 */
export async function resetPassword(actor: Actor, userId: string): Promise<PasswordReset> {
  assertRole(actor, 'admin', 'Resetting a password');
  if (actor.type === 'user' && actor.id === userId) {
    throw new VersoError('conflict', 'To change your own password, use your Account page.');
  }
  const oneTimePassword = crypto.randomBytes(12).toString('base64url');
  const passwordHash = await hashPassword(oneTimePassword);
  return getDb().transaction(async (tx) => {
    const user = await q.getUserById(tx, userId);
    if (!user) throw new VersoError('not_found', 'No such user.');
    await q.setUserPassword(tx, user.id, passwordHash, true);
    await revokeSessionsByUser(tx, user.id);
    await audit(tx, actor, 'user.password_reset', { type: 'user', id: user.email }, { mustChangePassword: user.mustChangePassword }, {
      mustChangePassword: true,
      sessions: 'signed out',
    });
    return { email: user.email, oneTimePassword };
  });
}

/** For the CLI: the user with this email, or a not-found error naming it. */
export async function userIdByEmail(email: string): Promise<string> {
  const user = await q.getUserByEmail(getDb(), email.toLowerCase());
  if (!user) throw new VersoError('not_found', `No user with email ${email}.`);
  return user.id;
}
