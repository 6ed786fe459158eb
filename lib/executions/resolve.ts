import type { ChatMessage, ModelConfig } from '@/db/schema';
import { assignVariant, runningExperiment } from '@/lib/experiments/serving';
import { newId } from '@/lib/ids';
import { servedVersion } from '@/lib/prompts/rendering';
import { render } from '@/lib/prompts/templates';
import { compiledVersion } from '@/lib/prompts/versions';
import { recordExecution } from './recorder';
import type { ResolveInput } from './schemas';

export type Resolved = {
  executionId: string;
  name: string;
  version: number;
  experiment: { key: string; variant: string } | null;
  type: 'text' | 'chat';
  text?: string;
  messages?: ChatMessage[];
  modelConfig: ModelConfig;
};

/**
 * The serving path: experiment assignment (or the label), render, and the execution row,
 * committed before the answer goes out. `createdAt` back-dates the row, for the demo seed's
 * history only; the API never passes it.
 */
export async function resolvePrompt(name: string, input: ResolveInput, options: { createdAt?: Date } = {}): Promise<Resolved> {
  const experiment = await runningExperiment(name);
  const variant = experiment ? assignVariant(experiment, input.unitId) : null;
  const label = variant ? null : (input.label ?? 'production');
  const { prompt, row } = await servedVersion(name, variant ? { version: variant.version } : { label: label! });
  const rendered = render(compiledVersion(row), row.variables, input.variables);
  const modelConfig: ModelConfig = { ...row.modelConfig, ...(variant?.modelConfig ?? {}) };
  const executionId = newId();
  await recordExecution({
    id: executionId,
    promptId: prompt.id,
    promptName: name,
    version: row.version,
    label,
    experimentId: variant ? experiment!.id : null,
    variant: variant?.key ?? null,
    unitId: input.unitId ?? null,
    sticky: input.unitId !== undefined,
    status: 'resolved',
    variables: input.variables,
    metadata: input.metadata ?? null,
    provider: modelConfig.provider ?? null,
    model: modelConfig.model ?? null,
    createdAt: options.createdAt,
  });
  return {
    executionId,
    name,
    version: row.version,
    experiment: variant ? { key: experiment!.key, variant: variant.key } : null,
    ...rendered,
    modelConfig,
  };
}
