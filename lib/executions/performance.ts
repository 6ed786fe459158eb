import { getDb } from '@/db/client';
import { aggregatePerformanceByVariant, aggregatePerformanceByVersion, type PerformanceAggregate } from '@/db/queries/execution-performance';
import { experimentRecord } from '@/lib/experiments/experiments';
import { findPromptOrThrow } from '@/lib/prompts/lookup';

/**
 * What a version (or a variant) costs and how fast it answers, over the model calls Verso
 * recorded for it: through /run, the gateway, the playground, or completions the application
 * reported. Latencies in ms; money as exact decimal strings (USD).
 */
export type Performance = {
  calls: number;
  errors: number;
  /** errors / calls; errors include timeouts. */
  errorRate: number;
  p50LatencyMs: number | null;
  p95LatencyMs: number | null;
  /** Mean over the calls that have a cost (a known price and a success). */
  meanCostUsd: string | null;
  costPer1kUsd: string | null;
  totalTokens: number;
};

export type VersionPerformance = Performance & { version: number };
export type VariantPerformance = Performance & { variant: string };

const none: Performance = {
  calls: 0,
  errors: 0,
  errorRate: 0,
  p50LatencyMs: null,
  p95LatencyMs: null,
  meanCostUsd: null,
  costPer1kUsd: null,
  totalTokens: 0,
};

const performanceOf = ({ key: _key, ...a }: PerformanceAggregate): Performance => ({ ...a, errorRate: a.calls > 0 ? a.errors / a.calls : 0 });

/** Per version of the prompt that has model calls, newest version first. */
export async function versionPerformance(name: string): Promise<VersionPerformance[]> {
  const conn = getDb();
  const prompt = await findPromptOrThrow(conn, name);
  const rows = await aggregatePerformanceByVersion(conn, prompt.id);
  return rows.map((r) => ({ version: Number(r.key), ...performanceOf(r) })).sort((a, b) => b.version - a.version);
}

/** Per variant of the experiment, in the experiment's order; a variant without calls has zeros. */
export async function variantPerformance(key: string): Promise<VariantPerformance[]> {
  const { id, view } = await experimentRecord(key);
  const rows = new Map((await aggregatePerformanceByVariant(getDb(), id)).map((r) => [r.key, r]));
  return view.variants.map((v) => {
    const row = rows.get(v.key);
    return { variant: v.key, ...(row ? performanceOf(row) : none) };
  });
}
