import { z } from 'zod';
import { getDb } from '@/db/client';
import * as q from '@/db/queries/audit';
import { assertRole, type Actor } from '@/lib/auth/roles';

export const AUDIT_PAGE_SIZE = 50;

// A blank form field arrives as '' and means "any".
const term = z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().max(300).optional());

/** What the audit page (or anyone) may filter by; the same shape as the page's query string. */
export const auditLogFilter = z.object({
  actor: term,
  entityType: term,
  entityId: term,
  action: term,
  before: z.preprocess((v) => (v === '' ? undefined : v), z.uuid('must be an audit event id').optional()),
  limit: z.coerce.number().int().min(1).max(200).default(AUDIT_PAGE_SIZE),
});

export type AuditLogFilter = z.input<typeof auditLogFilter>;

export type AuditEntryView = {
  id: string;
  actorType: q.AuditEvent['actorType'];
  actorName: string;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
  createdAt: string;
};

export type AuditLogPage = { data: AuditEntryView[]; nextCursor: string | null };

const view = (e: q.AuditEvent): AuditEntryView => ({
  id: e.id,
  actorType: e.actorType,
  actorName: e.actorName,
  action: e.action,
  entityType: e.entityType,
  entityId: e.entityId,
  before: e.before,
  after: e.after,
  createdAt: e.createdAt.toISOString(),
});

/** Newest first; `nextCursor` is the `before` for the next (older) page, or null at the end. */
export async function listAuditLog(actor: Actor, filter: AuditLogFilter = {}): Promise<AuditLogPage> {
  assertRole(actor, 'admin', 'Reading the audit log');
  const f = auditLogFilter.parse(filter);
  // One extra row tells whether an older page exists without a count.
  const rows = await q.listAuditEvents(
    getDb(),
    { actor: f.actor, entityType: f.entityType, entityId: f.entityId, action: f.action, beforeId: f.before },
    f.limit + 1,
  );
  const page = rows.slice(0, f.limit).map(view);
  return { data: page, nextCursor: rows.length > f.limit ? page[page.length - 1]!.id : null };
}

export type AuditLogChoices = { actors: string[]; actions: string[]; entityTypes: string[] };

/** The values that occur in the log, for the filter selects. */
export async function auditLogChoices(actor: Actor): Promise<AuditLogChoices> {
  assertRole(actor, 'admin', 'Reading the audit log');
  const db = getDb();
  const [actors, actions, entityTypes] = await Promise.all([q.listAuditActors(db), q.listAuditActions(db), q.listAuditEntityTypes(db)]);
  return { actors, actions, entityTypes };
}
