import { and, count, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { Conn } from '../client';
import { auditEvents } from '../schema';

export type NewAuditEvent = typeof auditEvents.$inferInsert;
export type AuditEvent = typeof auditEvents.$inferSelect;

export function insertAuditEvent(conn: Conn, event: NewAuditEvent) {
  return conn.insert(auditEvents).values(event);
}

export type AuditFilter = {
  actor?: string;
  entityType?: string;
  entityId?: string;
  action?: string;
  before?: Date;
  /** Keyset cursor: events strictly older than this event, in (createdAt, id) order. */
  beforeId?: string;
};

export function listAuditEvents(conn: Conn, filter: AuditFilter, limit: number): Promise<AuditEvent[]> {
  const where: SQL[] = [];
  if (filter.actor) where.push(eq(auditEvents.actorName, filter.actor));
  if (filter.entityType) where.push(eq(auditEvents.entityType, filter.entityType));
  if (filter.entityId) where.push(eq(auditEvents.entityId, filter.entityId));
  if (filter.action) where.push(eq(auditEvents.action, filter.action));
  if (filter.before) where.push(lt(auditEvents.createdAt, filter.before));
  // By event id, not by a Date: events written in one transaction share created_at, and a JS Date
  // drops Postgres's microseconds, so a time cursor alone would skip events at a page boundary.
  if (filter.beforeId) {
    where.push(
      sql`(${auditEvents.createdAt}, ${auditEvents.id}) < (select c.created_at, c.id from ${auditEvents} c where c.id = ${filter.beforeId})`,
    );
  }
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

export async function listAuditActions(conn: Conn) {
  const rows = await conn.selectDistinct({ action: auditEvents.action }).from(auditEvents).orderBy(auditEvents.action);
  return rows.map((r) => r.action);
}

export async function listAuditEntityTypes(conn: Conn) {
  const rows = await conn.selectDistinct({ type: auditEvents.entityType }).from(auditEvents).orderBy(auditEvents.entityType);
  return rows.map((r) => r.type);
}
