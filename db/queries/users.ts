import { asc, desc, eq, sql } from 'drizzle-orm';
import type { Conn } from '../client';
import { apiKeys, users } from '../schema';

export type UserRow = typeof users.$inferSelect;
export type ApiKeyRow = typeof apiKeys.$inferSelect;

export async function insertUser(conn: Conn, row: typeof users.$inferInsert) {
  const [created] = await conn.insert(users).values(row).returning();
  return created!;
}

export async function getUserByEmail(conn: Conn, email: string) {
  const [row] = await conn.select().from(users).where(eq(users.email, email));
  return row;
}

export async function getUserById(conn: Conn, id: string) {
  const [row] = await conn.select().from(users).where(eq(users.id, id));
  return row;
}

export function listUsers(conn: Conn) {
  return conn.select().from(users).orderBy(asc(users.email));
}

export async function updateUser(conn: Conn, id: string, set: Partial<Pick<UserRow, 'role' | 'disabled' | 'name'>>) {
  const [row] = await conn
    .update(users)
    .set({ ...set, updatedAt: sql`now()` })
    .where(eq(users.id, id))
    .returning();
  return row;
}

/** A new password hash; `mustChange` marks a one-time password that only lets them choose a new one. */
export async function setUserPassword(conn: Conn, id: string, passwordHash: string, mustChange: boolean) {
  const [row] = await conn
    .update(users)
    .set({ passwordHash, mustChangePassword: mustChange, passwordChangedAt: sql`now()`, updatedAt: sql`now()` })
    .where(eq(users.id, id))
    .returning();
  return row;
}

export async function countUsers(conn: Conn) {
  const [row] = await conn.select({ n: sql<number>`count(*)::int` }).from(users);
  return row?.n ?? 0;
}

export async function countActiveAdmins(conn: Conn) {
  const [row] = await conn
    .select({ n: sql<number>`count(*)::int` })
    .from(users)
    .where(sql`${users.role} = 'admin' and not ${users.disabled}`);
  return row?.n ?? 0;
}

export async function insertApiKey(conn: Conn, row: typeof apiKeys.$inferInsert) {
  const [created] = await conn.insert(apiKeys).values(row).returning();
  return created!;
}

export async function getApiKeyByHash(conn: Conn, keyHash: string) {
  const [row] = await conn.select().from(apiKeys).where(eq(apiKeys.keyHash, keyHash));
  return row;
}

export async function getApiKeyById(conn: Conn, id: string) {
  const [row] = await conn.select().from(apiKeys).where(eq(apiKeys.id, id));
  return row;
}

export function listApiKeys(conn: Conn) {
  return conn.select().from(apiKeys).orderBy(desc(apiKeys.createdAt));
}

export async function revokeApiKey(conn: Conn, id: string) {
  const [row] = await conn.update(apiKeys).set({ revokedAt: sql`now()` }).where(eq(apiKeys.id, id)).returning();
  return row;
}

export async function touchApiKey(conn: Conn, id: string, at: Date) {
  await conn.update(apiKeys).set({ lastUsedAt: at }).where(eq(apiKeys.id, id));
}
