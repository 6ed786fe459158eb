import { getDb, type Conn } from '@/db/client';
import * as q from '@/db/queries/experiments';
import { getVersionByNumber } from '@/db/queries/prompts';
import { VersoError } from '@/lib/api/errors';
import { audit } from '@/lib/audit/audit';
import { assertRole, type Actor } from '@/lib/auth/roles';
import { assertPlanEditable } from './analysis-plan';
import { newId } from '@/lib/ids';
import { findPromptOrThrow } from '@/lib/prompts/lookup';
import { invalidateServing } from '@/lib/prompts/serving';
import type { EditExperimentInput, NewExperimentInput } from './schemas';
import { toExperimentView, type ExperimentView } from './views';
import { deployWinner, type Deployment } from './winner';

// Who takes part and in which variant: fixed once units have been served.
const REASSIGNING = ['variants', 'coverage', 'salt', 'targeting'] as const;

export async function findExperimentOrThrow(conn: Conn, key: string, lock = false) {
  const row = await q.getExperimentByKey(conn, key, lock);
  if (!row) throw new VersoError('not_found', `Experiment "${key}" does not exist.`);
  return row;
}

async function checkVersions(conn: Conn, promptId: string, promptName: string, variants: { version: number }[]) {
  for (const v of variants) {
    if (!(await getVersionByNumber(conn, promptId, v.version))) {
      throw new VersoError('not_found', `Prompt "${promptName}" has no version ${v.version}.`);
    }
  }
}

function variantRows(experimentId: string, variants: NewExperimentInput['variants']) {
  const controlIndex = Math.max(0, variants.findIndex((v) => v.control));
  return variants.map((v, i) => ({
    experimentId,
    key: v.key,
    position: i,
    version: v.version,
    weight: v.weight,
    isControl: i === controlIndex,
    modelConfig: v.modelConfig ?? null,
  }));
}

export async function createExperiment(actor: Actor, input: NewExperimentInput): Promise<ExperimentView> {
  assertRole(actor, 'editor', 'Creating an experiment');
  return getDb().transaction(async (tx) => {
    const prompt = await findPromptOrThrow(tx, input.prompt);
    await checkVersions(tx, prompt.id, prompt.name, input.variants);
    const row = await q.insertExperiment(tx, {
      id: newId(),
      key: input.key,
      name: input.name,
      hypothesis: input.hypothesis,
      promptId: prompt.id,
      coverage: input.coverage,
      salt: input.salt ?? input.key,
      primaryMetric: input.primaryMetric,
      guardrailMetrics: input.guardrailMetrics,
      minSampleSize: input.minSampleSize,
      alpha: input.alpha,
      method: input.method,
      targeting: input.targeting ?? null,
      createdBy: actor.name,
    });
    if (!row) throw new VersoError('conflict', `An experiment with key "${input.key}" already exists.`);
    const variants = variantRows(row.id, input.variants);
    await q.insertVariants(tx, variants);
    const view = toExperimentView(row, prompt.name, variants);
    await audit(tx, actor, 'experiment.created', { type: 'experiment', id: row.key }, null, view);
    return view;
  });
}

export async function editExperiment(actor: Actor, key: string, input: EditExperimentInput): Promise<ExperimentView> {
  assertRole(actor, 'editor', 'Editing an experiment');
  const result = await getDb().transaction(async (tx) => {
    const row = await findExperimentOrThrow(tx, key, true);
    const prompt = await findPromptOrThrow(tx, row.promptName);
    const reassigning = REASSIGNING.filter((f) => input[f] !== undefined);
    if (row.status !== 'draft' && reassigning.length > 0) {
      throw new VersoError(
        'conflict',
        `${reassigning.join(', ')} can change only in draft: changing them now would move users into, out of or between variants. Restart it as a new experiment instead.`,
      );
    }
    if (row.status !== 'draft') assertPlanEditable(actor, row, input);
    const before = toExperimentView(row, prompt.name, await q.listVariants(tx, row.id));
    const { variants, ...fields } = input;
    const updated = Object.keys(fields).length > 0 ? await q.updateExperiment(tx, row.id, fields) : row;
    if (variants) {
      await checkVersions(tx, prompt.id, prompt.name, variants);
      await q.deleteVariantsOfExperiment(tx, row.id);
      await q.insertVariants(tx, variantRows(row.id, variants));
    }
    const after = toExperimentView(updated, prompt.name, await q.listVariants(tx, row.id));
    await audit(tx, actor, 'experiment.edited', { type: 'experiment', id: key }, before, after);
    return after;
  });
  invalidateServing(result.prompt);
  return result;
}

type Transition = 'start' | 'pause' | 'complete';
const allowedFrom: Record<Transition, q.ExperimentRow['status'][]> = {
  start: ['draft', 'paused'],
  pause: ['running'],
  complete: ['running', 'paused'],
};

export async function transitionExperiment(actor: Actor, key: string, transition: Transition): Promise<ExperimentView> {
  assertRole(actor, 'admin', `${transition[0]!.toUpperCase()}${transition.slice(1)}ing an experiment`);
  const result = await getDb().transaction(async (tx) => {
    const row = await findExperimentOrThrow(tx, key, true);
    if (!allowedFrom[transition].includes(row.status)) {
      throw new VersoError('conflict', `Experiment "${key}" is ${row.status}; it cannot ${transition} from there.`);
    }
    const prompt = { name: row.promptName };
    if (transition === 'start') {
      // Two experiments of one prompt starting at once each hold only their own row: the
      // prompt's lock makes the second wait and see the first running (409, not the unique index's 500).
      await findPromptOrThrow(tx, row.promptName, true);
      const running = await q.getRunningExperimentOfPrompt(tx, row.promptId);
      if (running && running.id !== row.id) {
        throw new VersoError('conflict', `Experiment "${running.key}" is already running on prompt "${prompt.name}"; pause or complete it first.`);
      }
    }
    const now = new Date();
    const updated = await q.updateExperiment(tx, row.id, {
      status: transition === 'start' ? 'running' : transition === 'pause' ? 'paused' : 'completed',
      // The sequential tuning parameter is fixed here, from the plan: the total units of two arms
      // at the planned sample. Choosing it after seeing data would void the guarantee.
      ...(transition === 'start' && !row.startedAt ? { startedAt: now, sequentialTuning: row.sequentialTuning ?? 2 * row.minSampleSize } : {}),
      ...(transition === 'complete' ? { stoppedAt: now } : {}),
    });
    await audit(tx, actor, `experiment.${transition === 'start' ? 'started' : transition === 'pause' ? 'paused' : 'completed'}`, { type: 'experiment', id: key }, { status: row.status }, { status: updated.status });
    return toExperimentView(updated, prompt.name, await q.listVariants(tx, row.id));
  });
  invalidateServing(result.prompt);
  return result;
}

export type WinnerView = ExperimentView & { deployed: Deployment };

/**
 * Moves `production` to the winner (its version, or a new version carrying its model override:
 * winner.ts) and completes the experiment, in one transaction.
 */
export async function declareWinner(actor: Actor, key: string, variantKey: string): Promise<WinnerView> {
  assertRole(actor, 'admin', 'Declaring a winner');
  const result = await getDb().transaction(async (tx) => {
    const row = await findExperimentOrThrow(tx, key, true);
    if (row.winner) throw new VersoError('conflict', `Experiment "${key}" already has a winner: ${row.winner}.`);
    if (row.status === 'draft') throw new VersoError('conflict', `Experiment "${key}" has not started yet.`);
    const variants = await q.listVariants(tx, row.id);
    const winner = variants.find((v) => v.key === variantKey);
    if (!winner) throw new VersoError('not_found', `Experiment "${key}" has no variant "${variantKey}".`);
    const prompt = await findPromptOrThrow(tx, row.promptName, true);
    const deployed = await deployWinner(tx, actor, prompt, key, winner);
    const updated = await q.updateExperiment(tx, row.id, { status: 'completed', winner: variantKey, stoppedAt: row.stoppedAt ?? new Date() });
    await audit(tx, actor, 'experiment.winner_declared', { type: 'experiment', id: key }, { status: row.status, winner: null }, {
      status: 'completed',
      winner: variantKey,
      version: deployed.version,
      deployed,
    });
    return { ...toExperimentView(updated, prompt.name, variants), deployed };
  });
  invalidateServing(result.prompt);
  return result;
}

/** The experiment and its row id, for services that query by id. */
export async function experimentRecord(key: string): Promise<{ id: string; view: ExperimentView }> {
  const conn = getDb();
  const row = await findExperimentOrThrow(conn, key);
  return { id: row.id, view: toExperimentView(row, row.promptName, await q.listVariants(conn, row.id)) };
}

export async function getExperiment(key: string): Promise<ExperimentView> {
  return (await experimentRecord(key)).view;
}

export async function listExperiments(filter: { status?: q.ExperimentRow['status']; prompt?: string } = {}) {
  const conn = getDb();
  const promptId = filter.prompt ? (await findPromptOrThrow(conn, filter.prompt)).id : undefined;
  const rows = await q.listExperiments(conn, { status: filter.status, promptId });
  const traffic = await q.countTrafficByExperiment(conn, rows.map((r) => r.id));
  return Promise.all(
    rows.map(async (r) => ({
      ...toExperimentView(r, r.promptName, await q.listVariants(conn, r.id)),
      executions: traffic.get(r.id)?.executions ?? 0,
      units: traffic.get(r.id)?.units ?? 0,
    })),
  );
}
