import { getDb, type Conn } from '@/db/client';
import * as q from '@/db/queries/prompts';
import { VersoError } from '@/lib/api/errors';
import { audit } from '@/lib/audit/audit';
import { assertRole, type Actor } from '@/lib/auth/roles';
import { assertProductionGate, hasEnabledGate } from '@/lib/evals/gates';
import { newId } from '@/lib/ids';
import { findPromptOrThrow } from './lookup';
import { LATEST, PROTECTED_LABELS } from './schemas';
import { invalidateServing } from './serving';

const PRODUCTION: (typeof PROTECTED_LABELS)[number] = 'production';

export const isProtected = (label: string) => (PROTECTED_LABELS as readonly string[]).includes(label);

export type LabelMoveView = {
  id: string;
  label: string;
  fromVersion: number | null;
  toVersion: number;
  movedBy: string;
  reason: string | null;
  createdAt: string;
};

/**
 * How a move of `production` meets the prompt's eval gate: checked, or skipped by a rollback (an
 * emergency must not wait for an eval run; its audit event says the gate was skipped).
 */
export type GatePolicy = { gate?: 'check' | 'skip' };

/** Points a label at a version inside the caller's transaction, with its history row and audit event. */
export async function pointLabel(tx: Conn, actor: Actor, prompt: q.PromptRow, label: string, version: number, reason?: string, { gate = 'check' }: GatePolicy = {}) {
  if (label === LATEST) throw new VersoError('conflict', '`latest` always points at the newest version and cannot be moved by hand.');
  assertRole(actor, isProtected(label) ? 'admin' : 'editor', `Moving the ${label} label`);
  const target = await q.getVersionByNumber(tx, prompt.id, version);
  if (!target) throw new VersoError('not_found', `Prompt "${prompt.name}" has no version ${version}.`);
  const before = await q.getLabel(tx, prompt.id, label);
  if (before?.version === version) return null;
  const gated = label === PRODUCTION;
  if (gated && gate === 'check') await assertProductionGate(tx, prompt, version);
  const gateSkipped = gated && gate === 'skip' && (await hasEnabledGate(tx, prompt.id));
  await q.upsertLabel(tx, { promptId: prompt.id, name: label, version, updatedBy: actor.name });
  const move = await q.insertLabelMove(tx, {
    id: newId(),
    promptId: prompt.id,
    label,
    fromVersion: before?.version ?? null,
    toVersion: version,
    movedBy: actor.name,
    reason: reason ?? null,
  });
  await audit(
    tx,
    actor,
    'label.moved',
    { type: 'prompt', id: prompt.name },
    before ? { label, version: before.version } : null,
    { label, version, ...(reason ? { reason } : {}), ...(gateSkipped ? { gate: 'skipped' } : {}) },
  );
  return move;
}

export async function moveLabel(actor: Actor, name: string, label: string, version: number, reason?: string, conn: Conn = getDb(), policy: GatePolicy = {}) {
  assertRole(actor, isProtected(label) ? 'admin' : 'editor', `Moving the ${label} label`);
  const move = await conn.transaction(async (tx) => {
    const prompt = await findPromptOrThrow(tx, name, true);
    return pointLabel(tx, actor, prompt, label, version, reason, policy);
  });
  invalidateServing(name);
  return { name, label, version, moved: move !== null };
}

/** Restores the state before a recorded move: the label goes back to the version it left. */
export async function rollbackLabelMove(actor: Actor, name: string, moveId: string) {
  const move = await q.getLabelMoveById(getDb(), moveId);
  const prompt = await findPromptOrThrow(getDb(), name);
  if (!move || move.promptId !== prompt.id) throw new VersoError('not_found', `No such label move on "${name}".`);
  if (move.fromVersion === null) {
    throw new VersoError('conflict', `The ${move.label} label did not exist before this move, so there is nothing to roll back to.`);
  }
  return moveLabel(actor, name, move.label, move.fromVersion, `rollback of move to v${move.toVersion}`, getDb(), { gate: 'skip' });
}

export async function labelHistory(name: string): Promise<LabelMoveView[]> {
  const conn = getDb();
  const prompt = await findPromptOrThrow(conn, name);
  const rows = await q.listLabelMoves(conn, prompt.id);
  return rows.map((m) => ({
    id: m.id,
    label: m.label,
    fromVersion: m.fromVersion,
    toVersion: m.toVersion,
    movedBy: m.movedBy,
    reason: m.reason,
    createdAt: m.createdAt.toISOString(),
  }));
}
