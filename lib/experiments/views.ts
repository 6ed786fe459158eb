import type { ExperimentRow, VariantRow } from '@/db/queries/experiments';
import { growthbookDefinition, type GrowthBookExperiment } from './growthbook';

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
  /** Fixed at start (2 × minimum sample); null before. */
  sequentialTuning: number | null;
  /** GrowthBook condition over the unit's attributes; null: every unit in coverage. */
  targeting: ExperimentRow['targeting'];
  /** The experiment as a GrowthBook SDK's run() takes it, to assign units as Verso does. */
  growthbook: GrowthBookExperiment;
  winner: string | null;
  createdBy: string;
  createdAt: string;
  startedAt: string | null;
  stoppedAt: string | null;
};

export function toExperimentView(row: ExperimentRow, prompt: string, variants: Omit<VariantRow, 'experimentId'>[]): ExperimentView {
  const ordered = [...variants]
    .sort((a, b) => a.position - b.position)
    .map((v) => ({ key: v.key, version: v.version, weight: v.weight, control: v.isControl, modelConfig: v.modelConfig }));
  return {
    key: row.key,
    name: row.name,
    hypothesis: row.hypothesis,
    prompt,
    status: row.status,
    variants: ordered,
    coverage: row.coverage,
    salt: row.salt,
    primaryMetric: row.primaryMetric,
    guardrailMetrics: row.guardrailMetrics,
    minSampleSize: row.minSampleSize,
    alpha: row.alpha,
    method: row.method,
    sequentialTuning: row.sequentialTuning,
    targeting: row.targeting ?? null,
    growthbook: growthbookDefinition({ key: row.key, salt: row.salt, coverage: row.coverage, targeting: row.targeting ?? null, variants: ordered }),
    winner: row.winner,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    stoppedAt: row.stoppedAt?.toISOString() ?? null,
  };
}
