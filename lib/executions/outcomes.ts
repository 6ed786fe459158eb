import { getDb } from '@/db/client';
import * as q from '@/db/queries/executions';
import { VersoError } from '@/lib/api/errors';
import { audit } from '@/lib/audit/audit';
import type { Actor } from '@/lib/auth/roles';
import { assertMayComplete } from './ownership';
import { recordMetricRequest } from './recorder';
import type { CompleteExecutionInput } from './schemas';

/**
 * PATCH /executions/{id}: the outcome of the model call the application made. Only the key that
 * served the execution, or an admin, completes it; an admin completing another's is audited
 * with what it replaced, in the same transaction.
 */
export async function completeExecution(actor: Actor, id: string, input: CompleteExecutionInput) {
  const set = {
    status: input.status,
    latencyMs: input.latencyMs,
    inputTokens: input.inputTokens,
    outputTokens: input.outputTokens,
    costUsd: input.costUsd === undefined ? undefined : input.costUsd.toFixed(10),
    output: input.output,
    error: input.error,
  };
  return getDb().transaction(async (tx) => {
    const before = await q.lockExecutionById(tx, id);
    if (!before) throw new VersoError('not_found', `Execution ${id} does not exist.`);
    const { audited } = assertMayComplete(actor, before.apiKeyId);
    const row = (await q.updateExecution(tx, id, { ...set, completedAt: new Date() }))!;
    if (audited) {
      const changed = (Object.keys(set) as (keyof typeof set)[]).filter((field) => set[field] !== undefined);
      const pick = (r: typeof row) => Object.fromEntries(changed.map((field) => [field, r[field]]));
      await audit(tx, actor, 'execution.completed', { type: 'execution', id }, pick(before), pick(row));
    }
    return { id: row.id, status: row.status, completedAt: row.completedAt?.toISOString() ?? null };
  });
}

export type MetricItem = { executionId: string; name: string; value: number };

/**
 * Attaches outcomes, all or nothing: any unknown execution fails the whole call. The same
 * (execution, name) keeps its last value and counts once. Requests arriving together share
 * one statement (group commit), each still all or nothing.
 */
export async function recordMetrics(items: MetricItem[]) {
  const latest = new Map<string, MetricItem>();
  for (const item of items) latest.set(`${item.executionId}\u0000${item.name}`, item);
  const missing = new Set(await recordMetricRequest({ items: [...latest.values()], atomic: true }));
  if (missing.size > 0) {
    const unknown = [...new Set(items.map((i) => i.executionId))].filter((id) => missing.has(id));
    throw new VersoError('not_found', `Unknown execution${unknown.length > 1 ? 's' : ''}: ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? '…' : ''}`, { unknown });
  }
  return { recorded: latest.size };
}
