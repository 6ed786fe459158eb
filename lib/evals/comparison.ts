import { z } from 'zod';
import { getDb, type Conn } from '@/db/client';
import * as q from '@/db/queries/eval-comparison';
import { getEvalRunsByIds } from '@/db/queries/evals';
import { VersoError } from '@/lib/api/errors';
import { DEFAULT_ALPHA } from '@/lib/stats/summaries';
import { kindOf } from './evaluators';
import { adjustAcrossPage, compareRunPair, sharedEvaluators } from './paired-comparison';
import { runViews } from './run-views';
import type { ComparisonView, EvaluatorSpec } from './schemas';

const MONTH_MS = 30 * 24 * 60 * 60 * 1000;
const runIds = z.array(z.uuid('run ids are UUIDs')).min(2, 'name at least two runs').max(6, 'compare at most six runs at once');

/**
 * Compares runs over the same dataset version, item by item: the first run is the baseline and
 * every other run is compared with it (paired tests, bootstrap CI, Holm across every evaluator
 * of every candidate). Runs of any status compare the items done so far; the gate asks for
 * completed runs itself. 404 for an unknown run, 400 when the runs are not on the same dataset
 * version.
 */
export async function compareRuns(ids: string[], options: { alpha?: number; conn?: Conn } = {}): Promise<ComparisonView> {
  const { alpha = DEFAULT_ALPHA, conn = getDb() } = options;
  const parsed = runIds.safeParse(ids);
  if (!parsed.success) throw new VersoError('invalid', parsed.error.issues[0]!.message);
  if (new Set(ids).size !== ids.length) throw new VersoError('invalid', 'Name each run once.');
  if (!(alpha > 0 && alpha < 1)) throw new VersoError('invalid', `alpha must be between 0 and 1, got ${alpha}.`);

  const found = new Map((await getEvalRunsByIds(conn, ids)).map((r) => [r.id, r]));
  const missing = ids.find((id) => !found.has(id));
  if (missing) throw new VersoError('not_found', `No eval run ${missing}.`);
  const runs = ids.map((id) => found.get(id)!);
  const baseline = runs[0]!;
  const candidates = runs.slice(1);
  const mismatched = candidates.filter((r) => r.datasetId !== baseline.datasetId || r.datasetVersion !== baseline.datasetVersion);
  if (mismatched.length) {
    throw new VersoError(
      'invalid',
      `Runs compare item by item only over the same dataset version: the baseline ran on ${baseline.datasetName} v${baseline.datasetVersion}, ` +
        mismatched.map((r) => `run ${r.id} on ${r.datasetName} v${r.datasetVersion}`).join(', ') +
        '.',
      { runs: runs.map((r) => ({ id: r.id, dataset: r.datasetName, datasetVersion: r.datasetVersion })) },
    );
  }

  // On the caller's connection (the gate may pass its transaction), so everything is read from one snapshot.
  const [results, monthlyVolume, views] = await Promise.all([
    Promise.all(runs.map((r) => q.listComparedResults(conn, r.id))),
    q.countProductionExecutions(conn, baseline.promptId, new Date(Date.now() - MONTH_MS)),
    runViews(conn, runs),
  ]);
  const hasComposite = results.map((rows) => rows.some((r) => r.status === 'success' && r.composite !== null));
  const comparisons = candidates.map((candidate, i) =>
    compareRunPair({
      baselineRunId: baseline.id,
      candidateRunId: candidate.id,
      baseline: results[0]!,
      candidate: results[i + 1]!,
      evaluators: sharedEvaluators(baseline.evaluators as EvaluatorSpec[], candidate.evaluators as EvaluatorSpec[], {
        withComposite: hasComposite[0]! && hasComposite[i + 1]!,
        kindOf,
      }),
      monthlyVolume,
      alpha,
    }),
  );

  return {
    datasetVersion: { dataset: baseline.datasetName, version: baseline.datasetVersion },
    runs: views,
    comparisons: adjustAcrossPage(comparisons, alpha),
    alpha,
  };
}
