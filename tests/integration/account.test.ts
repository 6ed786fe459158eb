import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { auditEvents, users } from '@/db/schema';
import { getLiveSession, insertSession } from '@/db/queries/sessions';
import { changeOwnPassword, changePasswordInput, resetPassword } from '@/lib/auth/account';
import type { Actor } from '@/lib/auth/roles';
import { newUserInput } from '@/lib/auth/schemas';
import { actorForUser, createUser, verifyLogin } from '@/lib/auth/users';
import { newId } from '@/lib/ids';
import { admin, editor } from '../support/actors';
import { withTestDatabase } from '../support/db';

withTestDatabase();

async function person(email: string, password = 'first-password', role: 'viewer' | 'editor' | 'admin' = 'viewer') {
  const user = await createUser(admin, newUserInput.parse({ email, password, role }));
  return { user, actor: (await actorForUser(user.id)) as Actor };
}

const userRow = async (email: string) => (await getDb().select().from(users).where(eq(users.email, email)))[0]!;
const eventsFor = (email: string) => getDb().select().from(auditEvents).where(eq(auditEvents.entityId, email)).orderBy(auditEvents.createdAt);
const signIns = (email: string, password: string) =>
  verifyLogin(email, password, { ip: `10.0.0.${Math.floor(Math.random() * 250)}` }).then(
    () => true,
    () => false,
  );
const newSession = (userId: string) =>
  insertSession(getDb(), { id: newId(), userId, expiresAt: new Date(Date.now() + 3_600_000) });

describe('changing your own password', () => {
  it('refuses a wrong current password and changes nothing', async () => {
    const { actor } = await person('wrong-current@example.com');
    const before = await userRow('wrong-current@example.com');
    const other = await newSession(before.id);

    await expect(changeOwnPassword(actor, { current: 'not-my-password', next: 'second-password' })).rejects.toMatchObject({
      code: 'invalid',
      details: { issues: [{ path: 'current' }] },
    });

    const after = await userRow('wrong-current@example.com');
    expect(after.passwordHash).toBe(before.passwordHash);
    expect(after.passwordChangedAt).toBeNull();
    expect(await signIns('wrong-current@example.com', 'first-password')).toBe(true);
    expect(await getLiveSession(getDb(), other.id)).toBeDefined();
    expect((await eventsFor('wrong-current@example.com')).map((e) => e.action)).not.toContain('user.password_changed');
  });

  it('sets the new password, signs out the other sessions but not this one, and audits it without the password', async () => {
    const { user, actor } = await person('changer@example.com');
    const here = await newSession(user.id);
    const laptop = await newSession(user.id);
    const phone = await newSession(user.id);

    await changeOwnPassword(actor, { current: 'first-password', next: 'second-password' }, here.id);

    expect(await signIns('changer@example.com', 'second-password')).toBe(true);
    expect(await signIns('changer@example.com', 'first-password')).toBe(false);
    expect(await getLiveSession(getDb(), here.id)).toBeDefined();
    expect(await getLiveSession(getDb(), laptop.id)).toBeUndefined();
    expect(await getLiveSession(getDb(), phone.id)).toBeUndefined();
    expect((await userRow('changer@example.com')).passwordChangedAt).toBeInstanceOf(Date);

    const events = await eventsFor('changer@example.com');
    const changed = events.find((e) => e.action === 'user.password_changed');
    expect(changed).toMatchObject({ actorName: 'changer@example.com', entityType: 'user' });
    const stored = JSON.stringify(changed);
    expect(stored).not.toContain('second-password');
    expect(stored).not.toContain('first-password');
    expect(stored).not.toContain((await userRow('changer@example.com')).passwordHash);
  });

  it('asks for the new password twice, and for a new one', () => {
    const mismatch = changePasswordInput.safeParse({ current: 'first-password', next: 'second-password', confirm: 'second-passwrd' });
    expect(mismatch.error?.issues.map((i) => i.path.join('.'))).toEqual(['confirm']);
    const same = changePasswordInput.safeParse({ current: 'first-password', next: 'first-password', confirm: 'first-password' });
    expect(same.error?.issues.map((i) => i.path.join('.'))).toEqual(['next']);
    const short = changePasswordInput.safeParse({ current: 'first-password', next: 'short', confirm: 'short' });
    expect(short.success).toBe(false);
  });

  it('is only for a signed-in person, not an API key', async () => {
    const key: Actor = { type: 'api_key', id: newId(), name: 'key:ci', role: 'admin' };
    await expect(changeOwnPassword(key, { current: 'x', next: 'second-password' })).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('an admin resetting a password', () => {
  it('is for admins only', async () => {
    const { user } = await person('target-1@example.com');
    await expect(resetPassword(editor, user.id)).rejects.toMatchObject({ code: 'forbidden' });
    expect(await signIns('target-1@example.com', 'first-password')).toBe(true);
  });

  it('gives a one-time password that signs in and must be changed, signs the user out everywhere, and audits without the secret', async () => {
    const { user } = await person('target-2@example.com');
    const session = await newSession(user.id);

    const { email, oneTimePassword } = await resetPassword(admin, user.id);

    expect(email).toBe('target-2@example.com');
    expect(oneTimePassword.length).toBeGreaterThanOrEqual(16);
    expect(await signIns('target-2@example.com', 'first-password')).toBe(false);
    expect(await signIns('target-2@example.com', oneTimePassword)).toBe(true);
    expect(await getLiveSession(getDb(), session.id)).toBeUndefined();
    const actor = (await actorForUser(user.id))!;
    expect(actor.mustChangePassword).toBe(true);

    const reset = (await eventsFor('target-2@example.com')).find((e) => e.action === 'user.password_reset');
    expect(reset).toMatchObject({ actorName: 'admin@test', after: { mustChangePassword: true } });
    expect(JSON.stringify(reset)).not.toContain(oneTimePassword);

    // Choosing a new password with the one-time one ends the obligation.
    await changeOwnPassword(actor, { current: oneTimePassword, next: 'my-own-password' });
    expect((await actorForUser(user.id))!.mustChangePassword).toBe(false);
    expect(await signIns('target-2@example.com', oneTimePassword)).toBe(false);
    expect(await signIns('target-2@example.com', 'my-own-password')).toBe(true);
  });

  it('sends an admin to the Account page for their own password', async () => {
    const { user, actor } = await person('self-admin@example.com', 'first-password', 'admin');
    await expect(resetPassword(actor, user.id)).rejects.toMatchObject({ code: 'conflict' });
  });

  it('answers not found for an unknown user', async () => {
    await expect(resetPassword(admin, newId())).rejects.toMatchObject({ code: 'not_found' });
  });
});
