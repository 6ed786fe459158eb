// A signed-in browser is a row in user_sessions as well as a JWT cookie: the JWT names its
// row (`sid`), and a JWT whose row is revoked, expired or gone signs no one in. So signing
// out, a password change or a disable ends a session at once, not when its JWT expires.
import { cookies, headers } from 'next/headers';
import { getToken } from 'next-auth/jwt';
import { getDb, type Conn } from '@/db/client';
import * as q from '@/db/queries/sessions';
import { newId } from '@/lib/ids';
import { authSecret } from './secret';

export const SESSION_MAX_AGE_S = 12 * 60 * 60;

export async function startSession(conn: Conn, userId: string, from: { ip?: string; userAgent?: string }, now = new Date()): Promise<string> {
  const row = await q.insertSession(conn, {
    id: newId(),
    userId,
    createdAt: now,
    expiresAt: new Date(now.getTime() + SESSION_MAX_AGE_S * 1000),
    ip: from.ip ?? null,
    userAgent: from.userAgent?.slice(0, 500) ?? null,
  });
  return row.id;
}

/** The user a session signs in, if it is still live; read per request, never cached. */
export async function liveSessionUserId(sessionId: string): Promise<string | null> {
  if (!UUID.test(sessionId)) return null;
  return (await q.getLiveSession(getDb(), sessionId))?.userId ?? null;
}

export async function endSession(sessionId: string): Promise<void> {
  if (UUID.test(sessionId)) await q.revokeSession(getDb(), sessionId);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type SessionClaims = { uid: string; sid: string };

/** The current request's session cookie, decoded and checked by next-auth; null without one. */
export async function currentSessionClaims(): Promise<SessionClaims | null> {
  const req = {
    headers: Object.fromEntries(await headers()),
    cookies: Object.fromEntries((await cookies()).getAll().map((c) => [c.name, c.value])),
  };
  const token = await getToken({ req: req as never, secret: authSecret() });
  return typeof token?.uid === 'string' && typeof token.sid === 'string' ? { uid: token.uid, sid: token.sid } : null;
}

/**
 * The id of the session the current request comes from, e.g. to keep it when signing the
 * user out everywhere else (`revokeSessionsByUser(tx, userId, await currentSessionId())`).
 */
export async function currentSessionId(): Promise<string | undefined> {
  return (await currentSessionClaims())?.sid;
}
