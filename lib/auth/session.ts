import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { VersoError } from '@/lib/api/errors';
import { clientAddress } from './client-address';
import { refusalCode } from './refusal-text';
import { authSecret } from './secret';
import { currentSessionClaims, endSession, liveSessionUserId, SESSION_MAX_AGE_S } from './sessions';
import { signIn } from './sign-in';
import { actorForUser } from './users';
import { assertRole, type Actor, type Role } from './roles';

let options: NextAuthOptions | undefined;

export function authOptions(): NextAuthOptions {
  options ??= {
    secret: authSecret(),
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_S },
    pages: { signIn: '/login', error: '/login' },
    providers: [
      CredentialsProvider({
        name: 'Email and password',
        credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
        authorize: (raw, req) => authorizeCredentials(raw, req?.headers ?? {}),
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        // Only at sign-in is there a user: the token then names its session row for good.
        if (user) {
          token.uid = user.id;
          token.sid = (user as { sessionId?: string }).sessionId;
        }
        return token;
      },
      session({ session, token }) {
        if (session.user) (session.user as { id?: string }).id = token.uid as string;
        return session;
      },
    },
    events: {
      // next-auth clears the cookie; this ends the session, so a copy of the cookie is dead too.
      async signOut({ token }) {
        if (typeof token?.sid === 'string') await endSession(token.sid);
      },
    },
  };
  return options;
}

type HeaderBag = Record<string, string | string[] | undefined>;

/** next-auth's `authorize`: the signed-in user with their new session id, or why not. */
export async function authorizeCredentials(raw: unknown, headers: HeaderBag) {
  try {
    const ua = headers['user-agent'];
    const { user, sessionId } = await signIn(raw, { ip: clientAddress(headers), userAgent: Array.isArray(ua) ? ua[0] : ua });
    return { id: user.id, email: user.email, name: user.name ?? user.email, role: user.role, sessionId };
  } catch (error) {
    // next-auth hands the message to the login form as `?error=`: a code, which the form turns into words.
    if (error instanceof VersoError && error.code === 'rate_limited') {
      const { limit, retryAfterSeconds } = error.details as { limit: 'address' | 'account'; retryAfterSeconds: number };
      throw new Error(refusalCode(limit, retryAfterSeconds));
    }
    if (error instanceof VersoError && error.code === 'unauthorized') return null;
    throw error;
  }
}

/** The signed-in actor, re-read from the database so that a signed-out session or a disabled user is out at once. */
export async function sessionActor(): Promise<Actor | null> {
  const claims = await currentSessionClaims();
  // A cookie from before sessions had rows, or whose row was revoked or expired, is signed out.
  if (!claims || (await liveSessionUserId(claims.sid)) !== claims.uid) return null;
  return actorForUser(claims.uid);
}

/** For pages and actions: the actor, or an error the caller turns into a redirect or a form message. */
export async function requireRole(role: Role): Promise<Actor> {
  const actor = await sessionActor();
  if (!actor) throw new VersoError('unauthorized', 'Please sign in.');
  assertRole(actor, role);
  return actor;
}
