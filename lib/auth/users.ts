import { getDb } from '@/db/client';
import { countAuditEventsSince } from '@/db/queries/audit';
import * as q from '@/db/queries/users';
import { VersoError } from '@/lib/api/errors';
import { audit } from '@/lib/audit/audit';
import { env } from '@/lib/env';
import { newId } from '@/lib/ids';
import { burnPasswordCheck, hashPassword, verifyPassword } from './passwords';
import { assertRole, type Actor, type Role } from './roles';
import type { NewUserInput } from './schemas';

export type UserView = { id: string; email: string; name: string | null; role: Role; disabled: boolean; createdAt: string };

const view = (u: q.UserRow): UserView => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  disabled: u.disabled,
  createdAt: u.createdAt.toISOString(),
});

export async function createUser(actor: Actor, input: NewUserInput): Promise<UserView> {
  assertRole(actor, 'admin', 'Creating a user');
  const passwordHash = await hashPassword(input.password);
  return getDb().transaction(async (tx) => {
    if (await q.getUserByEmail(tx, input.email)) throw new VersoError('conflict', `A user with email ${input.email} already exists.`);
    const user = await q.insertUser(tx, { id: newId(), email: input.email, name: input.name ?? null, passwordHash, role: input.role });
    await audit(tx, actor, 'user.created', { type: 'user', id: user.email }, null, { email: user.email, role: user.role });
    return view(user);
  });
}

export async function listUsers(actor: Actor): Promise<UserView[]> {
  assertRole(actor, 'admin', 'Listing users');
  return (await q.listUsers(getDb())).map(view);
}

export async function changeUserRole(actor: Actor, userId: string, role: Role): Promise<UserView> {
  assertRole(actor, 'admin', 'Changing a role');
  return getDb().transaction(async (tx) => {
    const before = await q.getUserById(tx, userId);
    if (!before) throw new VersoError('not_found', 'No such user.');
    if (before.role === role) return view(before);
    if (before.role === 'admin' && !before.disabled && (await q.countActiveAdmins(tx)) <= 1) {
      throw new VersoError('conflict', 'This is the last active admin; make someone else admin first.');
    }
    const after = (await q.updateUser(tx, userId, { role }))!;
    await audit(tx, actor, 'user.role_changed', { type: 'user', id: after.email }, { role: before.role }, { role: after.role });
    return view(after);
  });
}

export async function setUserDisabled(actor: Actor, userId: string, disabled: boolean): Promise<UserView> {
  assertRole(actor, 'admin', disabled ? 'Disabling a user' : 'Enabling a user');
  return getDb().transaction(async (tx) => {
    const before = await q.getUserById(tx, userId);
    if (!before) throw new VersoError('not_found', 'No such user.');
    if (before.disabled === disabled) return view(before);
    if (disabled && actor.type === 'user' && actor.id === userId) throw new VersoError('conflict', 'You cannot disable yourself.');
    if (disabled && before.role === 'admin' && (await q.countActiveAdmins(tx)) <= 1) {
      throw new VersoError('conflict', 'This is the last active admin and cannot be disabled.');
    }
    const after = (await q.updateUser(tx, userId, { disabled }))!;
    await audit(tx, actor, disabled ? 'user.disabled' : 'user.enabled', { type: 'user', id: after.email }, { disabled: before.disabled }, {
      disabled: after.disabled,
    });
    return view(after);
  });
}

const LOGIN_WINDOW_MS = 15 * 60 * 1000;

/**
 * Checks a password. Failures are audit events, and the same events are the rate limit:
 * past the limit in the window, even the right password is refused until the window passes.
 */
export async function verifyLogin(email: string, password: string): Promise<UserView> {
  const db = getDb();
  const since = new Date(Date.now() - LOGIN_WINDOW_MS);
  if ((await countAuditEventsSince(db, 'auth.login_failed', email, since)) >= env().VERSO_LOGIN_MAX_FAILURES) {
    throw new VersoError('rate_limited', 'Too many failed logins for this email; try again in 15 minutes.');
  }
  const user = await q.getUserByEmail(db, email);
  const ok = user ? await verifyPassword(password, user.passwordHash) : (await burnPasswordCheck(password), false);
  if (!user || !ok || user.disabled) {
    const reason = !user ? 'unknown email' : !ok ? 'wrong password' : 'disabled user';
    await audit(db, { type: 'anonymous', id: null, name: email }, 'auth.login_failed', { type: 'user', id: email }, null, { reason });
    throw new VersoError('unauthorized', 'Wrong email or password.');
  }
  return view(user);
}

/** The acting user as of now: a session outlives a role change or a disable, this does not. */
export async function actorForUser(userId: string): Promise<Actor | null> {
  const user = await q.getUserById(getDb(), userId);
  if (!user || user.disabled) return null;
  return { type: 'user', id: user.id, name: user.email, role: user.role };
}
