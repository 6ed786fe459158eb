import { and, count, desc, eq, gte, lt, type SQL } from 'drizzle-orm';
import type { Conn } from '../client';
import { auditEvents } from '../schema';

export type NewAuditEvent = typeof auditEvents.$inferInsert;
export type AuditEvent = typeof auditEvents.$inferSelect;

export function insertAuditEvent(conn: Conn, event: NewAuditEvent) {
  return conn.insert(auditEvents).values(event);
}

export type AuditFilter = { actor?: string; entityType?: string; entityId?: string; action?: string; before?: Date };

export function listAuditEvents(conn: Conn, filter: AuditFilter, limit: number): Promise<AuditEvent[]> {
  const where: SQL[] = [];
  if (filter.actor) where.push(eq(auditEvents.actorName, filter.actor));
  if (filter.entityType) where.push(eq(auditEvents.entityType, filter.entityType));
  if (filter.entityId) where.push(eq(auditEvents.entityId, filter.entityId));
  if (filter.action) where.push(eq(auditEvents.action, filter.action));
  if (filter.before) where.push(lt(auditEvents.createdAt, filter.before));
  return conn
    .select()
    .from(auditEvents)
    .where(and(...where))
    .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
    .limit(limit);
}

export async function countAuditEventsSince(conn: Conn, action: string, entityId: string, since: Date) {
  const [row] = await conn
    .select({ n: count() })
    .from(auditEvents)
    .where(and(eq(auditEvents.action, action), eq(auditEvents.entityId, entityId), gte(auditEvents.createdAt, since)));
  return row?.n ?? 0;
}

export async function listAuditActors(conn: Conn) {
  const rows = await conn.selectDistinct({ name: auditEvents.actorName }).from(auditEvents).orderBy(auditEvents.actorName);
  return rows.map((r) => r.name);
}
