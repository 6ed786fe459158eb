import { getDb } from '@/db/client';
import { VersoError } from '@/lib/api/errors';
import { refusedLogin, reserveLoginAttempt } from './login-limits';
import { credentialsInput } from './schemas';
import { startSession } from './sessions';
import { auditFailedLogin, verifyLogin, type LoginContext, type UserView } from './users';

export type SignInContext = LoginContext & { userAgent?: string };

/**
 * The login form's credentials, as next-auth hands them over, to a signed-in user and a new
 * session row. Anything else is a failed sign-in, audited and counted, malformed input too:
 * an empty or garbage email counts against the client's address (there is no account to
 * count it against).
 */
export async function signIn(raw: unknown, context: SignInContext = {}): Promise<{ user: UserView; sessionId: string }> {
  const now = context.now ?? new Date();
  const ip = context.ip ?? 'unknown';
  const parsed = credentialsInput.safeParse(raw);
  if (!parsed.success) {
    const given = typeof (raw as { email?: unknown } | null)?.email === 'string' ? (raw as { email: string }).email : '';
    // Postgres text holds no NUL, and an audit row is no place for a megabyte of garbage.
    const name = given.replace(/\p{Cc}/gu, '').trim().slice(0, 254);
    const refusal = await reserveLoginAttempt(getDb(), { ip }, now);
    if (refusal) {
      await auditFailedLogin(name, `too many attempts (${refusal.limit})`, ip);
      throw refusedLogin(refusal, now);
    }
    await auditFailedLogin(name, 'malformed input', ip);
    throw new VersoError('unauthorized', 'Wrong email or password.');
  }
  const user = await verifyLogin(parsed.data.email, parsed.data.password, { ip, now });
  const sessionId = await startSession(getDb(), user.id, { ip, userAgent: context.userAgent }, now);
  return { user, sessionId };
}
