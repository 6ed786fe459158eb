import type { Conn } from '@/db/client';
import * as q from '@/db/queries/audit';
import type { Actor } from '@/lib/auth/roles';
import { newId } from '@/lib/ids';

export type AuditAction =
  | 'prompt.created'
  | 'version.created'
  | 'label.moved'
  | 'user.created'
  | 'user.role_changed'
  | 'user.disabled'
  | 'user.enabled'
  | 'user.password_changed'
  | 'user.password_reset'
  | 'apikey.created'
  | 'apikey.revoked'
  | 'auth.login_failed'
  | 'experiment.created'
  | 'experiment.edited'
  | 'experiment.started'
  | 'experiment.paused'
  | 'experiment.completed'
  | 'experiment.winner_declared'
  | 'execution.completed'
  | 'model.created'
  | 'model.updated'
  | 'dataset.created'
  | 'dataset.version_created'
  | 'eval_run.created'
  | 'eval_run.cancelled'
  | 'prompt.gate_set'
  | 'execution.scored';

export type Entity = { type: string; id: string };

/** Written with the change, in the caller's transaction: both land or neither does. */
export async function audit(
  tx: Conn,
  actor: Actor | { type: 'anonymous'; id: null; name: string },
  action: AuditAction,
  entity: Entity,
  before: unknown,
  after: unknown,
) {
  await q.insertAuditEvent(tx, {
    id: newId(),
    actorType: actor.type,
    actorId: actor.id,
    actorName: actor.name,
    action,
    entityType: entity.type,
    entityId: entity.id,
    before: before ?? null,
    after: after ?? null,
  });
}
