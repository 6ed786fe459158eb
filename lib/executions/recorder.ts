import { getDb } from '@/db/client';
import { finishExecutions, insertExecutions, upsertMetricRequests, type ExecutionFinish, type MetricRequest, type NewExecution } from '@/db/queries/executions';
import { insertNewExecutions } from '@/db/queries/serving';
import { groupCommit } from './group-commit';

/** Resolves once the execution row is committed: the serving path answers only after that. */
export const recordExecution = groupCommit<NewExecution>('insert', (rows) => insertExecutions(getDb(), rows));

/** Writes a model call's outcome onto its execution row, batched the same way. */
export const finishExecution = groupCommit<ExecutionFinish>('finish', (rows) => finishExecutions(getDb(), rows));

/**
 * Executions an SDK served (one request's, ids unique within it), inserted unless their id is
 * known. Answers the ids this request inserted: an id two requests of one statement share
 * belongs to the first, so the other counts it a duplicate, as it would a statement later.
 */
export const recordNewExecutions = groupCommit<NewExecution[], Set<string>>(
  'insert-new',
  async (requests) => {
    const owner = new Map<string, number>();
    requests.forEach((rows, i) => rows.forEach((r) => owner.has(r.id!) || owner.set(r.id!, i)));
    const owned = requests.map((rows, i) => rows.filter((r) => owner.get(r.id!) === i));
    const inserted = await insertNewExecutions(getDb(), owned.flat());
    return owned.map((rows) => new Set(rows.filter((r) => inserted.has(r.id!)).map((r) => r.id!)));
  },
  { rows: (rows) => rows.length },
);

/** One request's metrics; answers the executions it named that do not exist. */
export const recordMetricRequest = groupCommit<MetricRequest, string[]>('metrics', (requests) => upsertMetricRequests(getDb(), requests), { rows: (r) => r.items.length });
