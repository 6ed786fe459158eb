import type { ExperimentRow } from '@/db/queries/experiments';
import { canonicalJson } from '@/lib/canonical-json';
import { VersoError } from '@/lib/api/errors';
import { hasRole, type Actor } from '@/lib/auth/roles';
import type { EditExperimentInput } from './schemas';

// The analysis plan is fixed when an experiment starts. Choosing the primary metric, the alpha
// or the test after the data came in is p-hacking (try metrics or thresholds until one is
// significant), so nobody changes those once it has started: restart as a new experiment.
// Guardrails and the minimum sample do not choose the winner's test: an admin may still add a
// guardrail for a harm noticed late, or ask for more data, and the edit is audited.
export const fixedOnceStarted = ['primaryMetric', 'alpha', 'method'] as const;
export const adminOnceStarted = ['guardrailMetrics', 'minSampleSize'] as const;

type PlanField = (typeof fixedOnceStarted)[number] | (typeof adminOnceStarted)[number];

/** Who may change a field of the analysis plan of an experiment in this status. */
export function planFieldEditableBy(field: PlanField, status: ExperimentRow['status']): 'editor' | 'admin' | 'nobody' {
  if (status === 'draft') return 'editor';
  return (fixedOnceStarted as readonly string[]).includes(field) ? 'nobody' : 'admin';
}

/**
 * Refuses an edit of a started experiment's analysis plan: 409 for the fixed fields, whoever
 * asks; 403 for guardrails and minimum sample unless an admin asks. A field sent with its
 * current value is no change (a client may send the whole plan back).
 */
export function assertPlanEditable(actor: Actor, row: ExperimentRow, input: EditExperimentInput) {
  const changed = (fields: readonly PlanField[]) => fields.filter((f) => input[f] !== undefined && !sameValue(input[f], row[f]));
  const fixed = changed(fixedOnceStarted);
  if (fixed.length > 0) {
    throw new VersoError(
      'conflict',
      `${fixed.join(', ')} cannot change once the experiment has started: the analysis plan is fixed before the data comes in, so that it cannot be fitted to the results. Restart it as a new experiment instead.`,
    );
  }
  const adminOnly = changed(adminOnceStarted);
  if (adminOnly.length > 0 && !hasRole(actor, 'admin')) {
    throw new VersoError(
      'forbidden',
      `Changing ${adminOnly.join(', ')} of a started experiment needs the admin role; ${actor.name} is ${actor.role}.`,
    );
  }
}

// jsonb does not keep key order, so objects compare by their sorted keys.
function sameValue(a: unknown, b: unknown): boolean {
  return canonicalJson(withMetricDefaults(a)) === canonicalJson(withMetricDefaults(b));
}

// A metric spec stored before `per`/`aggregate` existed means what the defaults mean: a form
// sending them back spells out the same plan, not a change.
function withMetricDefaults(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withMetricDefaults);
  if (!value || typeof value !== 'object' || !('type' in value) || !('name' in value)) return value;
  const spec = value as { type: string; per?: string; aggregate?: string };
  const per = spec.per ?? 'unit';
  return { ...spec, per, aggregate: spec.type === 'continuous' && per === 'unit' ? (spec.aggregate ?? 'mean') : undefined };
}
