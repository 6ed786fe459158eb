import { getDb } from '@/db/client';
import { finishExecutions, insertExecutions, type ExecutionFinish, type NewExecution } from '@/db/queries/executions';
import { groupCommit } from './group-commit';

/** Resolves once the execution row is committed: the serving path answers only after that. */
export const recordExecution = groupCommit<NewExecution>('insert', (rows) => insertExecutions(getDb(), rows));

/** Writes a model call's outcome onto its execution row, batched the same way. */
export const finishExecution = groupCommit<ExecutionFinish>('finish', (rows) => finishExecutions(getDb(), rows));
