import { getDb } from '@/db/client';
import { revokeSessionsByUser } from '@/db/queries/sessions';
import * as q from '@/db/queries/users';
import { VersoError } from '@/lib/api/errors';
import { audit } from '@/lib/audit/audit';
import { newId } from '@/lib/ids';
import { clearLoginAttempts, refusedLogin, reserveLoginAttempt } from './login-limits';
import { burnPasswordCheck, hashPassword, verifyPassword } from './passwords';
import { assertRole, type Actor, type Role } from './roles';
import { personRoleSchema, type NewUserInput, type PersonRole } from './schemas';

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

export async function changeUserRole(actor: Actor, userId: string, role: PersonRole): Promise<UserView> {
  assertRole(actor, 'admin', 'Changing a role');
  if (!personRoleSchema.safeParse(role).success) throw new VersoError('invalid', `A person cannot be ${role}: that role is for API keys.`);
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
    // A disabled user is signed out of every browser at once, not when their cookie expires.
    if (disabled) await revokeSessionsByUser(tx, userId);
    await audit(tx, actor, disabled ? 'user.disabled' : 'user.enabled', { type: 'user', id: after.email }, { disabled: before.disabled }, {
      disabled: after.disabled,
    });
    return view(after);
  });
}

export type LoginContext = {
  /** The client's address (lib/auth/client-address.ts), for the per-address limit. */
  ip?: string;
  /** The clock, for tests of the back-off; the login limits compare against it. */
  now?: Date;
};

/**
 * Checks a password within the login limits (lib/auth/login-limits.ts): the attempt is counted
 * before the password is hashed, and past a limit it is refused without hashing, even with
 * the right password. Every failure, refusals included, is an audit event.
 */
export async function verifyLogin(email: string, password: string, context: LoginContext = {}): Promise<UserView> {
  const db = getDb();
  const now = context.now ?? new Date();
  const ip = context.ip ?? 'unknown';
  const refusal = await reserveLoginAttempt(db, { ip, email }, now);
  if (refusal) {
    await auditFailedLogin(email, `too many attempts (${refusal.limit})`, ip);
    throw refusedLogin(refusal, now);
  }
  const user = await q.getUserByEmail(db, email);
  const ok = user ? await verifyPassword(password, user.passwordHash) : (await burnPasswordCheck(password), false);
  if (!user || !ok || user.disabled) {
    await auditFailedLogin(email, !user ? 'unknown email' : !ok ? 'wrong password' : 'disabled user', ip);
    throw new VersoError('unauthorized', 'Wrong email or password.');
  }
  await clearLoginAttempts(db, { ip, email }, now);
  return view(user);
}

/** A failed sign-in in the audit log, by an anonymous actor named by the email they gave. */
export async function auditFailedLogin(email: string, reason: string, ip: string) {
  await audit(getDb(), { type: 'anonymous', id: null, name: email }, 'auth.login_failed', { type: 'user', id: email }, null, { reason, ip });
}

/** The acting user as of now: a session outlives a role change or a disable, this does not. */
export async function actorForUser(userId: string): Promise<Actor | null> {
  const user = await q.getUserById(getDb(), userId);
  if (!user || user.disabled) return null;
  return { type: 'user', id: user.id, name: user.email, role: user.role, mustChangePassword: user.mustChangePassword };
}
