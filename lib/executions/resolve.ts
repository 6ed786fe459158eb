import type { ChatMessage, ModelConfig } from '@/db/schema';
import { newId } from '@/lib/ids';
import { startChainSpan } from '@/lib/tracing/spans';
import type { Actor } from '@/lib/auth/roles';
import { apiKeyIdOf } from './ownership';
import { recordExecution } from './recorder';
import type { ResolveInput } from './schemas';
import { metadataOf, servePrompt, templateOf } from './serve';

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
 * committed before the answer goes out, recorded against the serving API key (`actor`) if any.
 * `createdAt` back-dates the row, for the demo seed's
 * history only; the API never passes it.
 */
export async function resolvePrompt(name: string, input: ResolveInput, options: { createdAt?: Date; actor?: Actor } = {}): Promise<Resolved> {
  const served = await servePrompt(name, input);
  const { row, rendered, modelConfig } = served;
  const executionId = newId();
  const span = startChainSpan(() => ({
    name,
    template: templateOf(row),
    variables: input.variables,
    version: row.version,
    input: JSON.stringify(input.variables),
    unitId: input.unitId,
    sessionId: input.sessionId,
    metadata: metadataOf(name, served, executionId, input.metadata),
  }));
  await recordExecution({
    id: executionId,
    promptId: served.prompt.id,
    promptName: name,
    version: row.version,
    label: served.label,
    experimentId: served.experiment?.id ?? null,
    variant: served.experiment?.variant ?? null,
    unitId: input.unitId ?? null,
    sticky: input.unitId !== undefined,
    status: 'resolved',
    source: 'resolve',
    variables: input.variables,
    metadata: input.metadata ?? null,
    attributes: input.attributes ?? null,
    sessionId: input.sessionId ?? null,
    provider: modelConfig.provider ?? null,
    model: modelConfig.model ?? null,
    traceId: span.traceId,
    spanId: span.spanId,
    apiKeyId: apiKeyIdOf(options.actor),
    createdAt: options.createdAt,
  });
  span.end({ output: () => (rendered.type === 'text' ? rendered.text : JSON.stringify(rendered.messages)) });
  return {
    executionId,
    name,
    version: row.version,
    experiment: served.experiment && { key: served.experiment.key, variant: served.experiment.variant },
    ...rendered,
    modelConfig,
  };
}
