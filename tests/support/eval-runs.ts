import { getDb } from '@/db/client';
import { getDatasetByName, getLatestVersion } from '@/db/queries/datasets';
import { getPromptByName, getVersionByNumber } from '@/db/queries/prompts';
import { evalResults, evalRuns } from '@/db/schema';
import { createDataset } from '@/lib/datasets/datasets';
import { newId } from '@/lib/ids';
import { admin } from './actors';

// Finished eval runs written straight to the tables, as the runs engine leaves them: for tests of
// what reads runs (the gate, comparisons, the API) without calling a model for every item.

/** A dataset of `count` items ({ q: "case i" } expecting "answer i"). */
export async function givenDataset(name: string, count: number) {
  const items = Array.from({ length: count }, (_, i) => ({ variables: { q: `case ${i}` }, expected: `answer ${i}` }));
  await createDataset(admin, { name, items });
  return name;
}

export type GivenRun = {
  prompt: string;
  version: number;
  dataset: string;
  /** The dataset's latest version unless given. */
  datasetVersion?: number;
  /** Per item, per evaluator: pass (1) or fail (0). Every item of the dataset version, in order. */
  scores: Record<string, number>[];
  status?: 'completed' | 'failed' | 'cancelled' | 'running';
  modelOverride?: Record<string, unknown> | null;
  finishedAt?: Date;
  /** Per item, in ms; 100 for every item unless given. */
  latencies?: number[];
};

/** A run with one binary (exact-style) evaluator per score name; the composite is their mean. */
export async function givenRun(run: GivenRun): Promise<string> {
  const conn = getDb();
  const prompt = (await getPromptByName(conn, run.prompt))!;
  const version = (await getVersionByNumber(conn, prompt.id, run.version))!;
  const dataset = (await getDatasetByName(conn, run.dataset))!;
  const datasetVersion = run.datasetVersion ?? (await getLatestVersion(conn, dataset.id))!.version;
  const names = Object.keys(run.scores[0] ?? {});
  const id = newId();
  const finishedAt = run.finishedAt ?? new Date();
  await conn.insert(evalRuns).values({
    id,
    datasetId: dataset.id,
    datasetVersion,
    promptId: prompt.id,
    promptName: prompt.name,
    version: run.version,
    modelConfig: { ...version.modelConfig, ...(run.modelOverride ?? {}) },
    modelOverride: run.modelOverride ?? null,
    evaluators: names.map((name) => ({ name, type: 'exact', weight: 1, caseSensitive: false, trim: true })),
    concurrency: 4,
    status: run.status ?? 'completed',
    itemCount: run.scores.length,
    createdBy: 'test',
    createdAt: new Date(finishedAt.getTime() - 1000),
    startedAt: new Date(finishedAt.getTime() - 1000),
    finishedAt: run.status === 'running' ? null : finishedAt,
  });
  if (run.scores.length > 0) {
    await conn.insert(evalResults).values(
      // Positions are the dataset items': 1, 2, 3 …
      run.scores.map((s, i) => ({
        runId: id,
        position: i + 1,
        executionId: newId(),
        status: 'success' as const,
        output: `output ${i + 1}`,
        latencyMs: run.latencies?.[i] ?? 100,
        costUsd: '0.0001000000',
        judgeCostUsd: '0',
        scores: Object.fromEntries(Object.entries(s).map(([name, v]) => [name, { score: v, pass: v === 1 }])),
        composite: names.length ? names.reduce((sum, n) => sum + s[n]!, 0) / names.length : null,
      })),
    );
  }
  return id;
}

/** `n` items of one evaluator, the first `passing` of them passing. */
export const passingFirst = (n: number, passing: number, name = 'exact') => Array.from({ length: n }, (_, i) => ({ [name]: i < passing ? 1 : 0 }));
