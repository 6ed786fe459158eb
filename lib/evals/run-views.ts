import type { Conn } from '@/db/client';
import { sumEvalResults, sumEvalScores, type EvalRunWithDataset } from '@/db/queries/evals';
import type { EvalResultRow } from '@/db/schema';
import { COMPOSITE, type EvalResultView, type EvalRunView } from './schemas';

// A run's figures are aggregated in SQL over its results (counts, means, exact money sums);
// only one row per run and evaluator comes back.

export async function runViews(conn: Conn, rows: EvalRunWithDataset[]): Promise<EvalRunView[]> {
  const ids = rows.map((r) => r.id);
  const [totals, scores] = await Promise.all([sumEvalResults(conn, ids), sumEvalScores(conn, ids)]);
  const totalsOf = new Map(totals.map((t) => [t.runId, t]));
  return rows.map((row) => {
    const t = totalsOf.get(row.id);
    const byName = new Map(scores.filter((s) => s.runId === row.id).map((s) => [s.name, s]));
    const names = (row.evaluators as { name: string }[]).map((e) => e.name);
    const summary = names.map((name) => {
      const s = byName.get(name);
      return { name, n: s?.n ?? 0, mean: s?.mean ?? null, passRate: s && s.judged > 0 ? s.passes / s.judged : null };
    });
    summary.push({ name: COMPOSITE, n: t?.compositeN ?? 0, mean: t?.compositeMean ?? null, passRate: null });
    return {
      id: row.id,
      name: row.name,
      status: row.status,
      dataset: row.datasetName,
      datasetVersion: row.datasetVersion,
      prompt: row.promptName,
      version: row.version,
      modelConfig: row.modelConfig,
      modelOverride: row.modelOverride ?? null,
      evaluators: row.evaluators as Record<string, unknown>[],
      concurrency: row.concurrency,
      requestsPerMinute: row.requestsPerMinute,
      progress: { total: row.itemCount, done: t?.done ?? 0, succeeded: t?.succeeded ?? 0, failed: t?.failed ?? 0 },
      summary,
      costUsd: money(t?.costUsd),
      judgeCostUsd: money(t?.judgeCostUsd),
      meanLatencyMs: t?.meanLatencyMs ?? null,
      error: row.error,
      createdBy: row.createdBy,
      createdAt: row.createdAt.toISOString(),
      startedAt: row.startedAt?.toISOString() ?? null,
      finishedAt: row.finishedAt?.toISOString() ?? null,
    };
  });
}

// As the database sums numeric(20,10): '0.0000120000'; '0' for a run with nothing summed yet.
const money = (value: string | null | undefined): string => value ?? '0';

export function resultView(r: { result: EvalResultRow; variables: Record<string, unknown>; expected: unknown }): EvalResultView {
  const { result } = r;
  return {
    position: result.position,
    variables: r.variables,
    ...(r.expected !== null && r.expected !== undefined ? { expected: r.expected } : {}),
    executionId: result.executionId,
    status: result.status,
    output: result.output,
    latencyMs: result.latencyMs,
    costUsd: result.costUsd,
    scores: result.scores,
    composite: result.composite,
    error: result.error,
  };
}
