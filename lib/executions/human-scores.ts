import { getDb } from '@/db/client';
import * as q from '@/db/queries/executions';
import * as scores from '@/db/queries/human-scores';
import { VersoError } from '@/lib/api/errors';
import { audit } from '@/lib/audit/audit';
import { assertRole, type Actor } from '@/lib/auth/roles';
import { humanScoreInput, type HumanScoreInput, type HumanScoreView } from '@/lib/evals/schemas';

// A person's verdict is stored twice on purpose: as a human score (with its comment and who gave
// it, for the console) and as the execution's metric of the same name, so a thumbs-up counts in
// an experiment exactly like an outcome the application reported.

/** A person's thumbs or 1–5 rating (editor, or a service key): saved with its comment and as the execution's metric. */
export async function scoreExecution(actor: Actor, executionId: string, input: HumanScoreInput): Promise<HumanScoreView> {
  assertRole(actor, 'service', 'Scoring an execution');
  const score = humanScoreInput.parse(input);
  return getDb().transaction(async (tx) => {
    // Locked: two people scoring at once are audited one after the other, each with what it replaced.
    const execution = await q.lockExecutionById(tx, executionId);
    if (!execution) throw new VersoError('not_found', `Execution ${executionId} does not exist.`);
    const before = await scores.getHumanScore(tx, executionId, score.name);
    const row = await scores.upsertHumanScore(tx, { executionId, name: score.name, value: score.value, comment: score.comment, scoredBy: actor.name });
    await q.upsertMetrics(tx, [
      { executionId, name: score.name, value: score.value, experimentId: execution.experimentId, variant: execution.variant, unitId: execution.unitId },
    ]);
    await audit(
      tx,
      actor,
      'execution.scored',
      { type: 'execution', id: executionId },
      before ? { name: before.name, value: before.value, comment: before.comment, scoredBy: before.scoredBy } : null,
      { name: row.name, value: row.value, comment: row.comment },
    );
    return viewOf(row);
  });
}

export async function listHumanScores(executionId: string): Promise<HumanScoreView[]> {
  const conn = getDb();
  if (!(await q.getExecutionById(conn, executionId))) throw new VersoError('not_found', `Execution ${executionId} does not exist.`);
  return (await scores.listHumanScoresOfExecution(conn, executionId)).map(viewOf);
}

function viewOf(row: scores.HumanScoreRow): HumanScoreView {
  return { executionId: row.executionId, name: row.name, value: row.value, comment: row.comment, scoredBy: row.scoredBy, updatedAt: row.updatedAt.toISOString() };
}
