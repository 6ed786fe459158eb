import { and, asc, eq, sql } from 'drizzle-orm';
import type { Conn } from '../client';
import { models, type ModelRow, type ProviderId } from '../schema';

export function listModels(conn: Conn) {
  return conn.select().from(models).orderBy(asc(models.provider), asc(models.model));
}

export async function getModelById(conn: Conn, id: string) {
  const [row] = await conn.select().from(models).where(eq(models.id, id));
  return row;
}

export async function getModel(conn: Conn, provider: ProviderId, model: string) {
  const [row] = await conn
    .select()
    .from(models)
    .where(and(eq(models.provider, provider), eq(models.model, model)));
  return row;
}

export async function insertModel(conn: Conn, row: typeof models.$inferInsert) {
  const [created] = await conn.insert(models).values(row).returning();
  return created!;
}

export async function updateModel(conn: Conn, id: string, set: Partial<Pick<ModelRow, 'displayName' | 'inputPerMillion' | 'outputPerMillion' | 'contextWindow' | 'active' | 'priceSource'>>) {
  const [row] = await conn
    .update(models)
    .set({ ...set, updatedAt: sql`now()` })
    .where(eq(models.id, id))
    .returning();
  return row;
}

export function listModelsNamed(conn: Conn, model: string) {
  return conn.select().from(models).where(eq(models.model, model));
}
