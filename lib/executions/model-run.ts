import type { NewExecution } from '@/db/queries/executions';
import type { ModelConfig } from '@/db/schema';
import { VersoError } from '@/lib/api/errors';
import { callModel, type CallMessage } from '@/lib/models/call';
import { costAtCatalogPrice } from '@/lib/models/catalog';
import { languageModel } from '@/lib/models/providers';
import { startChainSpan, type ChainSpan, type ChainSpanInput } from '@/lib/tracing/spans';
import { finishExecution, recordExecution } from './recorder';

export type ModelRunPlan = {
  execution: Omit<NewExecution, 'provider' | 'model' | 'messages' | 'traceId' | 'spanId' | 'status'>;
  provider: string;
  model: string;
  messages: CallMessage[];
  config: ModelConfig;
  span: Omit<ChainSpanInput, 'input'>;
};

export type ModelRunOutcome = {
  output: string;
  usage: { inputTokens: number; outputTokens: number };
  latencyMs: number;
  costUsd: string | null;
  finishReason: string;
};

export type StartedRun = {
  executionId: string;
  traceId: string | null;
  /** Calls the model (streamed when onDelta is given), writes the outcome on the row, ends the span. */
  finish(onDelta?: (text: string) => void): Promise<ModelRunOutcome>;
};

/**
 * Everything before the model call: the provider must be configured (424 otherwise, before
 * anything is written), the CHAIN span starts, and the execution row is written. The row
 * exists whatever the provider does: finish() records success, error or timeout on it.
 * A stream's headers go out before the model answers, so its row is committed here; a plain
 * answer waits for the model anyway, so its row's commit runs alongside the call, and finish()
 * waits for it before writing the outcome or answering.
 */
export async function startModelRun(plan: ModelRunPlan, options: { streaming?: boolean } = {}): Promise<StartedRun> {
  languageModel(plan.provider, plan.model);
  const span = startChainSpan(() => ({ ...plan.span, input: plan.messages }));
  const recorded = recordExecution({
    ...plan.execution,
    status: 'resolved',
    provider: plan.provider,
    model: plan.model,
    messages: plan.messages,
    traceId: span.traceId,
    spanId: span.spanId,
  });
  if (options.streaming) await recorded;
  else recorded.catch(() => {}); // awaited, and reported, by finish()
  return { executionId: plan.execution.id, traceId: span.traceId, finish: (onDelta) => finish(plan, span, recorded, onDelta) };
}

async function finish(plan: ModelRunPlan, span: ChainSpan, recorded: Promise<void>, onDelta?: (text: string) => void): Promise<ModelRunOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let answer: Awaited<ReturnType<typeof callModel>>;
  try {
    answer = await span.within(() =>
      callModel({
        provider: plan.provider,
        model: plan.model,
        messages: plan.messages,
        config: plan.config,
        tracer: span.tracer,
        functionId: plan.span.name,
        onDelta,
      }),
    );
  } catch (thrown) {
    const latencyMs = elapsed();
    await committed(recorded, span);
    if (!(thrown instanceof VersoError)) console.error(thrown);
    const cause = thrown instanceof VersoError ? thrown : new VersoError('provider_error', `${plan.provider}/${plan.model} failed.`);
    // The answer names the execution, so the failure can be found in the console.
    const error = new VersoError(cause.code, cause.message, { ...(cause.details as object), executionId: plan.execution.id });
    const status = error.code === 'provider_timeout' ? 'timeout' : 'error';
    await finishExecution({ id: plan.execution.id, status, latencyMs, inputTokens: null, outputTokens: null, costUsd: null, output: null, error: error.message });
    span.end({ error: error.message });
    throw error;
  }
  const latencyMs = elapsed();
  const usage = { inputTokens: answer.inputTokens, outputTokens: answer.outputTokens };
  const costUsd = await costAtCatalogPrice(plan.provider, plan.model, usage);
  await committed(recorded, span);
  await finishExecution({ id: plan.execution.id, status: 'success', latencyMs, ...usage, costUsd, output: answer.text, error: null });
  span.end({ output: answer.text });
  return { output: answer.text, usage, latencyMs, costUsd, finishReason: answer.finishReason };
}

/** Waits for the execution row; if it could not be written, the call fails with that error. */
async function committed(recorded: Promise<void>, span: ChainSpan) {
  try {
    await recorded;
  } catch (error) {
    span.end({ error: 'The execution could not be recorded.' });
    throw error;
  }
}
