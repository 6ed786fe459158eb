import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { auditEvents } from '@/db/schema';
import { PEER_ADDRESS_HEADER } from '@/lib/auth/client-address';
import { newUserInput } from '@/lib/auth/schemas';
import { authOptions, authorizeCredentials } from '@/lib/auth/session';
import { liveSessionUserId } from '@/lib/auth/sessions';
import { signIn } from '@/lib/auth/sign-in';
import { createUser, setUserDisabled, verifyLogin } from '@/lib/auth/users';
import { admin } from '../support/actors';
import { withTestDatabase } from '../support/db';
import { setEnv } from '../support/model-env';

withTestDatabase();

const newUser = (email: string, password = 'the-right-password', role: 'viewer' | 'editor' | 'admin' = 'editor') =>
  createUser(admin, newUserInput.parse({ email, password, role }));

const failuresFor = (entityId: string) =>
  getDb()
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.entityId, entityId))
    .orderBy(auditEvents.createdAt, auditEvents.id)
    .then((rows) => rows.filter((e) => e.action === 'auth.login_failed'));

const reasons = (events: { after: unknown }[]) => events.map((e) => (e.after as { reason: string }).reason);

/** The headers next-auth hands to `authorize` for a browser at `ip`. */
const from = (ip: string) => ({ [PEER_ADDRESS_HEADER]: ip, 'user-agent': 'vitest' });

const seconds = (n: number, since: Date) => new Date(since.getTime() + n * 1000);

describe('the addresses Verso makes itself', () => {
  it('creates admin@localhost and signs it in through the login form’s path', async () => {
    const user = await newUser('admin@localhost', 'printed-once-password', 'admin');
    expect(user.email).toBe('admin@localhost');
    const signedIn = await authorizeCredentials({ email: ' Admin@Localhost ', password: 'printed-once-password' }, from('10.0.0.1'));
    expect(signedIn).toMatchObject({ id: user.id, email: 'admin@localhost', role: 'admin', sessionId: expect.any(String) });
    expect(await liveSessionUserId(signedIn!.sessionId)).toBe(user.id);
  });

  it('still refuses what is not an address at all', () => {
    for (const email of ['', 'admin', 'a b@c', 'a@b@c', '@localhost', 'admin@', `${'a'.repeat(250)}@abcde`]) {
      expect(newUserInput.safeParse({ email, password: 'a-long-password', role: 'viewer' }).success, email).toBe(false);
    }
  });
});

describe('failed sign-ins', () => {
  it('audits every one: malformed input, unknown email, wrong password and disabled user', async () => {
    const dora = await newUser('dora@example.com');
    await setUserDisabled(admin, (await newUser('gone@example.com')).id, true);
    const attempts = [
      { email: '', password: 'x' },
      { email: 'not an email\u0000', password: 'x' },
      { email: 'nobody@example.com', password: 'whatever' },
      { email: 'dora@example.com', password: 'wrong' },
      { email: 'gone@example.com', password: 'the-right-password' },
      { email: 'dora@example.com', password: '' },
    ];
    for (const credentials of attempts) expect(await authorizeCredentials(credentials, from('10.0.1.1'))).toBeNull();

    expect(reasons(await failuresFor(''))).toEqual(['malformed input']);
    expect(reasons(await failuresFor('not an email'))).toEqual(['malformed input']);
    expect(reasons(await failuresFor('nobody@example.com'))).toEqual(['unknown email']);
    expect(reasons(await failuresFor('gone@example.com'))).toEqual(['disabled user']);
    const doras = await failuresFor('dora@example.com');
    expect(reasons(doras)).toEqual(['wrong password', 'malformed input']);
    expect(doras[0]).toMatchObject({ actorType: 'anonymous', actorName: 'dora@example.com', after: { ip: '10.0.1.1' } });
    expect(await authorizeCredentials({ email: 'dora@example.com', password: 'the-right-password' }, from('10.0.1.1'))).toMatchObject({ id: dora.id });
  });
});

describe('login limits', () => {
  it('checks at most the limit of 40 parallel wrong passwords and refuses the rest before hashing', async () => {
    await newUser('target@example.com');
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) => verifyLogin('target@example.com', `wrong-${i}`, { ip: '10.0.2.1' })),
    );
    const codes = results.map((r) => (r.status === 'rejected' ? (r.reason as { code: string }).code : 'signed in'));
    const failures = await failuresFor('target@example.com');
    // Every attempt is in the audit log; only the ones let through were hashed and checked.
    expect(failures).toHaveLength(40);
    const checked = reasons(failures).filter((r) => r === 'wrong password').length;
    expect(checked).toBeGreaterThan(0);
    expect(checked).toBeLessThanOrEqual(10);
    expect(codes.filter((c) => c === 'unauthorized')).toHaveLength(checked);
    expect(codes.filter((c) => c === 'rate_limited')).toHaveLength(40 - checked);
    expect(reasons(failures).filter((r) => r.startsWith('too many attempts'))).toHaveLength(40 - checked);
  });

  it('limits spraying one password over 30 emails from one address, and only that address', async () => {
    const outcomes: string[] = [];
    for (let i = 0; i < 30; i++) {
      outcomes.push(await verifyLogin(`person${i}@example.com`, 'Summer2024!', { ip: '10.0.3.1' }).then(() => 'signed in', (e: { code: string }) => e.code));
    }
    expect(outcomes.slice(0, 10)).toEqual(Array(10).fill('unauthorized'));
    expect(outcomes.slice(10)).toEqual(Array(20).fill('rate_limited'));
    await expect(verifyLogin('person29@example.com', 'Summer2024!', { ip: '10.0.3.1' })).rejects.toMatchObject({
      message: expect.stringMatching(/^Too many sign-in attempts from your network\. Try again in 15 minutes\.$/),
    });
    await newUser('colleague@example.com');
    expect(await verifyLogin('colleague@example.com', 'the-right-password', { ip: '10.0.3.2' })).toMatchObject({ email: 'colleague@example.com' });
  });

  it('keeps an attacker from locking the admin out: a short back-off, and then the admin signs in', async () => {
    const undo = setEnv({ VERSO_LOGIN_BACKOFF_AFTER: '3', VERSO_LOGIN_BACKOFF_MAX_SECONDS: '8' });
    try {
      await newUser('boss@example.com', 'the-right-password', 'admin');
      let now = new Date('2030-01-01T00:00:00Z');
      const waits: number[] = [];
      // An attacker with an address per guess, guessing as soon as the lock lets them.
      for (let i = 0; i < 12; i++) {
        const error = await verifyLogin('boss@example.com', `guess-${i}`, { ip: `198.51.100.${i}`, now }).catch((e) => e);
        if (error.code === 'rate_limited') {
          waits.push(error.details.retryAfterSeconds);
          now = seconds(error.details.retryAfterSeconds, now);
        } else expect(error.code).toBe('unauthorized');
      }
      expect(waits).toEqual([1, 2, 4, 8, 8]);

      // The attacker has just guessed: the admin, elsewhere, is told how long to wait ...
      await expect(verifyLogin('boss@example.com', 'guess-last', { ip: '198.51.100.99', now })).rejects.toMatchObject({ code: 'unauthorized' });
      await expect(verifyLogin('boss@example.com', 'the-right-password', { ip: '192.0.2.7', now })).rejects.toMatchObject({
        code: 'rate_limited',
        message: 'Too many failed sign-ins for this account. Try again in 8 seconds.',
      });
      // ... and signs in once it has passed, not 15 minutes later.
      expect(await verifyLogin('boss@example.com', 'the-right-password', { ip: '192.0.2.7', now: seconds(8, now) })).toMatchObject({
        email: 'boss@example.com',
      });
    } finally {
      undo();
    }
  });

  it('starts the account from zero after a successful sign-in, and the address keeps its failures', async () => {
    await newUser('forgetful@example.com');
    const wrong = () => verifyLogin('forgetful@example.com', 'not-it', { ip: '10.0.4.1' });
    for (let i = 0; i < 4; i++) await expect(wrong()).rejects.toMatchObject({ code: 'unauthorized' });
    expect(await verifyLogin('forgetful@example.com', 'the-right-password', { ip: '10.0.4.1' })).toMatchObject({ email: 'forgetful@example.com' });
    // Without the account's reset the 6th attempt would wait for the back-off.
    for (let i = 0; i < 4; i++) await expect(wrong()).rejects.toMatchObject({ code: 'unauthorized' });
    // 8 failures so far: the success was given back, so the address has 2 left, not a fresh 10.
    for (let i = 0; i < 2; i++) {
      await expect(verifyLogin(`stranger${i}@example.com`, 'not-it', { ip: '10.0.4.1' })).rejects.toMatchObject({ code: 'unauthorized' });
    }
    await expect(verifyLogin('stranger9@example.com', 'not-it', { ip: '10.0.4.1' })).rejects.toMatchObject({ code: 'rate_limited' });
  });
});

describe('sessions', () => {
  it('ends a session when its browser signs out', async () => {
    const user = await newUser('leaver@example.com');
    const { sessionId } = await signIn({ email: 'leaver@example.com', password: 'the-right-password' }, { ip: '10.0.5.1' });
    const other = await signIn({ email: 'leaver@example.com', password: 'the-right-password' }, { ip: '10.0.5.2' });
    expect(await liveSessionUserId(sessionId)).toBe(user.id);

    await authOptions().events!.signOut!({ token: { uid: user.id, sid: sessionId }, session: undefined as never });
    expect(await liveSessionUserId(sessionId)).toBeNull();
    // The other browser stays signed in.
    expect(await liveSessionUserId(other.sessionId)).toBe(user.id);
  });

  it('ends every session of a user who is disabled', async () => {
    const user = await newUser('disabled-later@example.com');
    const sessions = await Promise.all(
      ['10.0.6.1', '10.0.6.2'].map((ip) => signIn({ email: 'disabled-later@example.com', password: 'the-right-password' }, { ip })),
    );
    await setUserDisabled(admin, user.id, true);
    await setUserDisabled(admin, user.id, false);
    for (const { sessionId } of sessions) expect(await liveSessionUserId(sessionId)).toBeNull();
  });
});
