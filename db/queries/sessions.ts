import { and, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import type { Conn } from '../client';
import { userSessions } from '../schema';

export type SessionRow = typeof userSessions.$inferSelect;

export async function insertSession(conn: Conn, row: typeof userSessions.$inferInsert) {
  const [created] = await conn.insert(userSessions).values(row).returning();
  return created!;
}

/** The session if it is neither revoked nor expired. */
export async function getLiveSession(conn: Conn, id: string) {
  const [row] = await conn
    .select()
    .from(userSessions)
    .where(and(eq(userSessions.id, id), isNull(userSessions.revokedAt), gt(userSessions.expiresAt, sql`now()`)));
  return row;
}

export async function revokeSession(conn: Conn, id: string) {
  await conn.update(userSessions).set({ revokedAt: sql`now()` }).where(and(eq(userSessions.id, id), isNull(userSessions.revokedAt)));
}

/** Signs a user out everywhere, or everywhere but the session they act from. */
export async function revokeSessionsByUser(conn: Conn, userId: string, exceptSessionId?: string) {
  const where = [eq(userSessions.userId, userId), isNull(userSessions.revokedAt)];
  if (exceptSessionId) where.push(ne(userSessions.id, exceptSessionId));
  await conn.update(userSessions).set({ revokedAt: sql`now()` }).where(and(...where));
}
