import { asc, eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { auditEvents, executions } from '@/db/schema';
import { createExperiment, transitionExperiment } from '@/lib/experiments/experiments';
import { newExperimentInput } from '@/lib/experiments/schemas';
import { admin, editor } from './actors';

let counter = 0;
/** An experiment key no other test in the file uses. */
export const uniqueKey = (stem = 'exp') => `${stem}-${++counter}`;

type Variant = { key: string; version: number; weight?: number; control?: boolean; modelConfig?: Record<string, unknown> };

/** The body of POST /experiments: control on version 1 and b on version 2, equal weights, unless told otherwise. */
export function experimentBody(key: string, prompt: string, overrides: Record<string, unknown> & { variants?: Variant[] } = {}) {
  const { variants, ...rest } = overrides;
  return {
    key,
    name: `Experiment ${key}`,
    prompt,
    variants: (variants ?? [
      { key: 'control', version: 1, control: true },
      { key: 'b', version: 2 },
    ]).map((v) => ({ weight: 1, ...v })),
    primaryMetric: { name: 'conversion', type: 'binary', direction: 'increase' },
    ...rest,
  };
}

/** An experiment made by an editor through the service, started by an admin when `start`. */
export async function givenExperiment(key: string, prompt: string, overrides: Parameters<typeof experimentBody>[2] = {}, { start = false } = {}) {
  const view = await createExperiment(editor, newExperimentInput.parse(experimentBody(key, prompt, overrides)));
  return start ? transitionExperiment(admin, key, 'start') : view;
}

/** The audit events of an experiment, oldest first. */
export async function experimentAuditRows(key: string) {
  const rows = await getDb().select().from(auditEvents).where(eq(auditEvents.entityId, key)).orderBy(asc(auditEvents.createdAt), asc(auditEvents.id));
  return rows.filter((r) => r.entityType === 'experiment');
}

/** The audit trail of an experiment, oldest first, as [action, actor]. */
export async function experimentAudit(key: string) {
  return (await experimentAuditRows(key)).map((r) => [r.action, r.actorName]);
}

/** The execution row as stored. */
export async function executionRow(id: string) {
  const [row] = await getDb().select().from(executions).where(eq(executions.id, id));
  return row;
}
