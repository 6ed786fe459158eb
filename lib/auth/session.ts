import type { NextAuthOptions } from 'next-auth';
import { getServerSession } from 'next-auth/next';
import CredentialsProvider from 'next-auth/providers/credentials';
import { VersoError } from '@/lib/api/errors';
import { credentialsInput } from './schemas';
import { authSecret } from './secret';
import { actorForUser, verifyLogin } from './users';
import { assertRole, type Actor, type Role } from './roles';

let options: NextAuthOptions | undefined;

export function authOptions(): NextAuthOptions {
  options ??= {
    secret: authSecret(),
    session: { strategy: 'jwt', maxAge: 12 * 60 * 60 },
    pages: { signIn: '/login', error: '/login' },
    providers: [
      CredentialsProvider({
        name: 'Email and password',
        credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
        async authorize(raw) {
          const parsed = credentialsInput.safeParse(raw);
          if (!parsed.success) return null;
          try {
            const user = await verifyLogin(parsed.data.email, parsed.data.password);
            return { id: user.id, email: user.email, name: user.name ?? user.email, role: user.role };
          } catch (error) {
            // next-auth passes the message to the login page as ?error=…
            if (error instanceof VersoError && error.code === 'rate_limited') throw new Error('RateLimited');
            return null;
          }
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) token.uid = user.id;
        return token;
      },
      session({ session, token }) {
        if (session.user) (session.user as { id?: string }).id = token.uid as string;
        return session;
      },
    },
  };
  return options;
}

/** The signed-in actor, re-read from the database so that a disabled user is out at once. */
export async function sessionActor(): Promise<Actor | null> {
  const session = await getServerSession(authOptions());
  const uid = (session?.user as { id?: string } | undefined)?.id;
  return uid ? actorForUser(uid) : null;
}

/** For pages and actions: the actor, or an error the caller turns into a redirect or a form message. */
export async function requireRole(role: Role): Promise<Actor> {
  const actor = await sessionActor();
  if (!actor) throw new VersoError('unauthorized', 'Please sign in.');
  assertRole(actor, role);
  return actor;
}
