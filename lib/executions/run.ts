import { VersoError } from '@/lib/api/errors';
import type { CallMessage } from '@/lib/models/call';
import { newId } from '@/lib/ids';
import type { ModelConfig } from '@/db/schema';
import type { Actor } from '@/lib/auth/roles';
import { apiKeyIdOf } from './ownership';
import { startModelRun, type ModelRunOutcome, type StartedRun } from './model-run';
import type { ResolveInput } from './schemas';
import { metadataOf, servePrompt, templateOf, type Served } from './serve';

export type RunSummary = {
  executionId: string;
  experiment: { key: string; variant: string } | null;
  name: string;
  version: number;
  output: string;
  usage: { inputTokens: number; outputTokens: number };
  latencyMs: number;
  costUsd: string | null;
  traceId: string | null;
};

export type PreparedRun = {
  head: Omit<RunSummary, 'output' | 'usage' | 'latencyMs' | 'costUsd'>;
  served: Served;
  started: StartedRun;
};

export type RunOptions = {
  /** Pin a version (bypassing experiments) and override its model: the playground. */
  version?: number;
  modelConfig?: ModelConfig;
  /** Messages after the prompt's own: the gateway appends the request's messages. */
  append?: CallMessage[];
  source?: 'run' | 'gateway' | 'playground';
  /** The answer streams: the execution row is committed before the call starts (see startModelRun). */
  streaming?: boolean;
  /** Who asks: an API key is recorded on the execution, and only it (or an admin) completes it. */
  actor?: Actor;
};

/** The rendered prompt as the model gets it: a text prompt is one user message. */
export function messagesOf(served: Served): CallMessage[] {
  return served.rendered.type === 'text' ? [{ role: 'user', content: served.rendered.text }] : served.rendered.messages;
}

/**
 * `run` up to the model call: resolve (experiment assignment included), check the model and
 * its provider, start the trace, commit the execution row. Errors here are plain API errors
 * (404, 422, 424), answered before any stream starts.
 */
export async function prepareRun(name: string, input: ResolveInput, options: RunOptions = {}): Promise<PreparedRun> {
  const served = await servePrompt(name, input, options.version === undefined ? undefined : { version: options.version });
  const config: ModelConfig = { ...served.modelConfig, ...(options.modelConfig ?? {}) };
  if (!config.provider || !config.model) {
    throw new VersoError('invalid', `Version ${served.row.version} of "${name}" names no model: set provider and model in its model config (or the variant's override).`);
  }
  const executionId = newId();
  const started = await startModelRun({
    execution: {
      id: executionId,
      promptId: served.prompt.id,
      promptName: name,
      version: served.row.version,
      label: served.label,
      experimentId: served.experiment?.id ?? null,
      variant: served.experiment?.variant ?? null,
      unitId: input.unitId ?? null,
      sticky: input.unitId !== undefined,
      source: options.source ?? 'run',
      variables: input.variables,
      metadata: input.metadata ?? null,
      attributes: input.attributes ?? null,
      sessionId: input.sessionId ?? null,
      apiKeyId: apiKeyIdOf(options.actor),
    },
    provider: config.provider,
    model: config.model,
    messages: [...messagesOf(served), ...(options.append ?? [])],
    config,
    span: {
      name,
      template: templateOf(served.row),
      variables: input.variables,
      version: served.row.version,
      unitId: input.unitId,
      sessionId: input.sessionId,
      metadata: metadataOf(name, served, executionId, input.metadata),
    },
  }, { streaming: options.streaming });
  const experiment = served.experiment && { key: served.experiment.key, variant: served.experiment.variant };
  return { head: { executionId, experiment, name, version: served.row.version, traceId: started.traceId }, served, started };
}

export function summaryOf(prepared: PreparedRun, outcome: ModelRunOutcome): RunSummary {
  return { ...prepared.head, output: outcome.output, usage: outcome.usage, latencyMs: outcome.latencyMs, costUsd: outcome.costUsd };
}

/** POST /prompts/{name}/run without streaming. */
export async function runPrompt(name: string, input: ResolveInput, options: RunOptions = {}): Promise<RunSummary> {
  const prepared = await prepareRun(name, input, options);
  return summaryOf(prepared, await prepared.started.finish());
}
