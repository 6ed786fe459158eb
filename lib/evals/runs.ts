import { z } from 'zod';
import { getDb } from '@/db/client';
import { getDatasetByName, getLatestVersion as getLatestDatasetVersion, getVersion as getDatasetVersion } from '@/db/queries/datasets';
import * as q from '@/db/queries/evals';
import type { ModelConfig } from '@/db/schema';
import { fromZodError, VersoError } from '@/lib/api/errors';
import { audit } from '@/lib/audit/audit';
import { assertRole, type Actor } from '@/lib/auth/roles';
import { datasetName } from '@/lib/datasets/schemas';
import { newId } from '@/lib/ids';
import { languageModel } from '@/lib/models/providers';
import { getVersion } from '@/lib/prompts/registry';
import { env } from '@/lib/env';
import { pinEvaluators } from './evaluators';
import { resultView, runViews } from './run-views';
import { newEvalRunInput, type EvalResultView, type EvalRunView, type NewEvalRunInput } from './schemas';
import { nudgeEvalWorker } from './worker';

/**
 * Creates a queued run (editor): resolves the dataset version, the prompt version (version, label
 * or production) and the model; checks the evaluators (judge prompts exist, patterns and schemas
 * compile) so a bad run is a 400 before anything is written. With `leaseOwner` the run is created
 * already held by that worker (the CLI works its own run).
 */
export async function createEvalRun(actor: Actor, input: NewEvalRunInput, options: { leaseOwner?: string } = {}): Promise<EvalRunView> {
  assertRole(actor, 'editor', 'Starting an eval run');
  const parsed = newEvalRunInput.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error);
  const spec = parsed.data;
  const conn = getDb();

  const dataset = await getDatasetByName(conn, spec.dataset);
  if (!dataset) throw new VersoError('not_found', `No dataset named "${spec.dataset}".`);
  const datasetVersion =
    spec.datasetVersion === undefined ? await getLatestDatasetVersion(conn, dataset.id) : await getDatasetVersion(conn, dataset.id, spec.datasetVersion);
  if (!datasetVersion) {
    throw new VersoError('not_found', spec.datasetVersion === undefined ? `Dataset "${spec.dataset}" has no versions.` : `Dataset "${spec.dataset}" has no version ${spec.datasetVersion}.`);
  }
  if (datasetVersion.itemCount === 0) {
    throw new VersoError('invalid', `Version ${datasetVersion.version} of dataset "${spec.dataset}" has no items: add some before running an eval.`);
  }

  const selector = spec.version !== undefined ? { version: spec.version } : { label: spec.label ?? 'production' };
  const { prompt, row } = await getVersion(spec.prompt, selector);
  const modelConfig: ModelConfig = { ...row.modelConfig, ...(spec.model ?? {}) };
  const missing = !modelConfig.provider ? 'provider' : !modelConfig.model ? 'model' : null;
  if (missing) {
    throw new VersoError(
      'invalid',
      `Version ${row.version} of "${spec.prompt}" names no ${missing}: set it in the version's model config or in the run's model.`,
      { issues: [{ path: `model.${missing}`, message: `no ${missing}`, code: 'custom' }] },
    );
  }
  // 424 when the provider has no key, before anything is written.
  languageModel(modelConfig.provider!, modelConfig.model!);
  const evaluators = await pinEvaluators(spec.evaluators);

  const leaseOwner = options.leaseOwner;
  const held = leaseOwner ? { owner: leaseOwner, leaseMs: env().VERSO_EVAL_LEASE_MS } : undefined;
  const id = newId();
  const view = await conn.transaction(async (tx) => {
    const run = {
      id,
      name: spec.name,
      datasetId: dataset.id,
      datasetVersion: datasetVersion.version,
      promptId: prompt.id,
      promptName: prompt.name,
      version: row.version,
      modelConfig,
      modelOverride: spec.model ?? null,
      evaluators,
      concurrency: spec.concurrency,
      requestsPerMinute: spec.requestsPerMinute ?? null,
      itemCount: datasetVersion.itemCount,
      createdBy: actor.name,
    };
    const created = await q.insertEvalRun(tx, run, held);
    await audit(tx, actor, 'eval_run.created', { type: 'eval_run', id }, null, {
      name: created.name,
      dataset: dataset.name,
      datasetVersion: created.datasetVersion,
      prompt: created.promptName,
      version: created.version,
      modelConfig,
      evaluators,
      concurrency: created.concurrency,
      requestsPerMinute: created.requestsPerMinute,
      items: created.itemCount,
    });
    const [v] = await runViews(tx, [{ ...created, datasetName: dataset.name }]);
    return v!;
  });
  if (!leaseOwner) nudgeEvalWorker();
  return view;
}

export async function getEvalRun(id: string): Promise<EvalRunView> {
  const conn = getDb();
  const row = await findRunOrThrow(id);
  const [view] = await runViews(conn, [row]);
  return view!;
}

export async function listEvalRuns(query: { prompt?: string; dataset?: string; status?: EvalRunView['status']; limit?: number } = {}): Promise<EvalRunView[]> {
  const conn = getDb();
  if (query.dataset !== undefined && !datasetName.safeParse(query.dataset).success) return [];
  const rows = await q.listEvalRuns(conn, { promptName: query.prompt, datasetName: query.dataset, status: query.status, limit: query.limit ?? 50 });
  return runViews(conn, rows);
}

/** The run's items in dataset order with their result (only the items done so far). */
export async function listEvalResults(id: string): Promise<EvalResultView[]> {
  const run = await findRunOrThrow(id);
  const rows = await q.listEvalResultsWithItems(getDb(), run);
  return rows.map(resultView);
}

/** Stops a queued or running run (editor): no new item starts; items under way finish and are kept. */
export async function cancelEvalRun(actor: Actor, id: string): Promise<EvalRunView> {
  assertRole(actor, 'editor', 'Cancelling an eval run');
  const before = await findRunOrThrow(id);
  return getDb().transaction(async (tx) => {
    const cancelled = await q.cancelOpenEvalRun(tx, id);
    if (!cancelled) {
      const now = (await q.getEvalRunById(tx, id))!.status;
      throw new VersoError('conflict', `Eval run ${id} has already ${now === 'cancelled' ? 'been cancelled' : now}: only a queued or running run can be cancelled.`);
    }
    await audit(tx, actor, 'eval_run.cancelled', { type: 'eval_run', id }, { status: before.status }, { status: 'cancelled' });
    const [view] = await runViews(tx, [{ ...cancelled, datasetName: before.datasetName }]);
    return view!;
  });
}

async function findRunOrThrow(id: string): Promise<q.EvalRunWithDataset> {
  // An id that is not a uuid cannot exist: 404 like any unknown one.
  const row = z.uuid().safeParse(id).success ? await q.getEvalRunById(getDb(), id) : undefined;
  if (!row) throw new VersoError('not_found', `No eval run ${id}.`);
  return row;
}
