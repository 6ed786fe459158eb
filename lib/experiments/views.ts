import type { ExperimentRow, VariantRow } from '@/db/queries/experiments';

export type VariantView = { key: string; version: number; weight: number; control: boolean; modelConfig: VariantRow['modelConfig'] };

export type ExperimentView = {
  key: string;
  name: string;
  hypothesis: string;
  prompt: string;
  status: ExperimentRow['status'];
  variants: VariantView[];
  coverage: number;
  salt: string;
  primaryMetric: ExperimentRow['primaryMetric'];
  guardrailMetrics: ExperimentRow['guardrailMetrics'];
  minSampleSize: number;
  alpha: number;
  method: ExperimentRow['method'];
  winner: string | null;
  createdBy: string;
  createdAt: string;
  startedAt: string | null;
  stoppedAt: string | null;
};

export function toExperimentView(row: ExperimentRow, prompt: string, variants: Omit<VariantRow, 'experimentId'>[]): ExperimentView {
  return {
    key: row.key,
    name: row.name,
    hypothesis: row.hypothesis,
    prompt,
    status: row.status,
    variants: [...variants]
      .sort((a, b) => a.position - b.position)
      .map((v) => ({ key: v.key, version: v.version, weight: v.weight, control: v.isControl, modelConfig: v.modelConfig })),
    coverage: row.coverage,
    salt: row.salt,
    primaryMetric: row.primaryMetric,
    guardrailMetrics: row.guardrailMetrics,
    minSampleSize: row.minSampleSize,
    alpha: row.alpha,
    method: row.method,
    winner: row.winner,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    stoppedAt: row.stoppedAt?.toISOString() ?? null,
  };
}
