import type { ExperimentRow, VariantRow } from '@/db/queries/experiments';
import { toExperimentView, type ExperimentView } from '@/lib/experiments/views';

type Variant = { key: string; version?: number; weight?: number; control?: boolean };

/**
 * An experiment as the services see it, for tests that feed `analyse` aggregates of their own:
 * built from a row through toExperimentView, so fields the view derives stay in step with it.
 * Control and b on equal weights, a binary primary metric, started, unless told otherwise.
 */
export function experimentViewOf(overrides: Partial<Omit<ExperimentRow, 'id' | 'promptId'>> & { variants?: Variant[] } = {}): ExperimentView {
  const { variants = [{ key: 'control', control: true }, { key: 'b' }], ...fields } = overrides;
  const row: ExperimentRow = {
    id: '0190a000-0000-7000-8000-0000000000e1',
    key: 'e',
    name: 'E',
    hypothesis: '',
    promptId: '0190a000-0000-7000-8000-0000000000f1',
    status: 'running',
    coverage: 1,
    salt: 'e',
    primaryMetric: { name: 'conversion', type: 'binary', direction: 'increase' },
    guardrailMetrics: [],
    minSampleSize: 100,
    alpha: 0.05,
    method: 'sequential',
    sequentialTuning: null,
    targeting: null,
    winner: null,
    createdBy: 'test',
    createdAt: new Date(0),
    startedAt: new Date(0),
    stoppedAt: null,
    ...fields,
  };
  const rows: Omit<VariantRow, 'experimentId'>[] = variants.map((v, i) => ({
    key: v.key,
    position: i,
    version: v.version ?? i + 1,
    weight: v.weight ?? 1,
    isControl: v.control ?? false,
    modelConfig: null,
  }));
  return toExperimentView(row, 'p', rows);
}
