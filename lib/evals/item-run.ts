import { getDb } from '@/db/client';
import { recordEvalItem, type EvalRunRow, type PendingItem } from '@/db/queries/evals';
import type { MetricWrite, NewExecution } from '@/db/queries/executions';
import type { VersionRow } from '@/db/queries/prompts';
import type { EvalScore } from '@/db/schema';
import { VersoError } from '@/lib/api/errors';
import { templateOf } from '@/lib/executions/serve';
import { newId } from '@/lib/ids';
import { callModel, type CallMessage } from '@/lib/models/call';
import { costAtCatalogPrice } from '@/lib/models/catalog';
import { render } from '@/lib/prompts/templates';
import { compiledVersion } from '@/lib/prompts/versions';
import { startChainSpan } from '@/lib/tracing/spans';
import { scoreItem } from './evaluators';
import { providerSlot, type Pace } from './limiter';
import { COMPOSITE, type EvaluatorSpec } from './schemas';

/** What every item of one run shares. */
export type RunPlan = {
  run: EvalRunRow;
  row: VersionRow;
  dataset: string;
  evaluators: EvaluatorSpec[];
  provider: string;
  model: string;
  pace: Pace;
};

export type ItemOutcome = {
  /** False when another worker had already recorded the item: this one's work was dropped whole. */
  recorded: boolean;
  status: 'success' | 'error';
  /** Where the item's time went, for the benchmark: all of it, the model call, the transaction. */
  timing: { totalMs: number; modelMs: number; transactionMs: number };
};

/**
 * One item, start to finish: render, call the model (within the provider's slots and the run's
 * pace), score, then write result, execution, judge executions and metrics in one transaction
 * (one statement: recordEvalItem). Nothing is written before it, so an item cut short by a crash
 * leaves no trace and is simply done again; the result's primary key makes a second worker's
 * copy write nothing at all.
 */
export async function runItem(plan: RunPlan, item: PendingItem): Promise<ItemOutcome> {
  const startedAt = new Date();
  const started = performance.now();
  const { run, row, provider, model } = plan;
  const executionId = newId();
  const base: NewExecution = {
    id: executionId,
    promptId: run.promptId,
    promptName: run.promptName,
    version: run.version,
    sticky: false,
    source: 'eval',
    variables: item.variables,
    metadata: { evalRunId: run.id, position: item.position, dataset: plan.dataset, datasetVersion: run.datasetVersion },
    provider,
    model,
    createdAt: startedAt,
  };

  let messages: CallMessage[];
  let input: string;
  try {
    const rendered = await render(compiledVersion(row), row.variables, item.variables);
    messages = rendered.type === 'text' ? [{ role: 'user', content: rendered.text }] : rendered.messages;
    // What a judge reads as the input: the text, or chat messages as `role: content` lines.
    input = rendered.type === 'text' ? rendered.text : rendered.messages.map((m) => `${m.role}: ${m.content}`).join('\n');
  } catch (error) {
    // The item cannot be asked (a missing variable, a template error): a failed item, no call.
    const message = error instanceof Error ? error.message : String(error);
    return record(plan, item, { ...base, status: 'error', error: message, completedAt: new Date() }, null, started, 0);
  }

  // The run's pace: its requests per minute, counted when the request goes out.
  await plan.pace.take();
  const span = startChainSpan(() => ({
    name: run.promptName,
    template: templateOf(row),
    variables: item.variables,
    version: run.version,
    input: messages,
    metadata: { evalRunId: run.id, position: item.position, prompt: run.promptName, version: run.version, executionId },
  }));
  const callStarted = performance.now();
  let answer: Awaited<ReturnType<typeof callModel>>;
  try {
    answer = await providerSlot(provider, () =>
      span.within(() => callModel({ provider, model, messages, config: run.modelConfig, tracer: span.tracer, functionId: run.promptName })),
    );
  } catch (thrown) {
    const latencyMs = Math.round(performance.now() - callStarted);
    const error = thrown instanceof VersoError ? thrown : new VersoError('provider_error', `${provider}/${model} failed.`);
    if (!(thrown instanceof VersoError)) console.error(thrown);
    span.end({ error: error.message });
    const status = error.code === 'provider_timeout' ? 'timeout' : 'error';
    const failed: NewExecution = { ...base, messages, status, latencyMs, error: error.message, traceId: span.traceId, spanId: span.spanId, completedAt: new Date() };
    return record(plan, item, failed, null, started, latencyMs);
  }
  const latencyMs = Math.round(performance.now() - callStarted);
  span.end({ output: answer.text });
  const usage = { inputTokens: answer.inputTokens, outputTokens: answer.outputTokens };
  const costUsd = await costAtCatalogPrice(provider, model, usage);
  const scored = await scoreItem(plan.evaluators, {
    input,
    output: answer.text,
    expected: item.expected,
    variables: item.variables,
    latencyMs,
    costUsd,
    runId: run.id,
    position: item.position,
  });
  const execution: NewExecution = {
    ...base,
    messages,
    status: 'success',
    latencyMs,
    ...usage,
    costUsd,
    output: answer.text,
    traceId: span.traceId,
    spanId: span.spanId,
    completedAt: new Date(),
  };
  return record(plan, item, execution, scored, started, latencyMs);
}

type Scored = Awaited<ReturnType<typeof scoreItem>>;

async function record(plan: RunPlan, item: PendingItem, execution: NewExecution, scored: Scored | null, started: number, modelMs: number): Promise<ItemOutcome> {
  const ok = execution.status === 'success';
  const scores: Record<string, EvalScore> = scored?.scores ?? {};
  const metrics: MetricWrite[] = Object.entries(scores)
    .filter(([, s]) => s.score !== null && Number.isFinite(s.score))
    .map(([name, s]) => metricOf(execution.id, name, s.score!));
  if (scored?.composite != null && Number.isFinite(scored.composite)) metrics.push(metricOf(execution.id, COMPOSITE, scored.composite));
  const txStarted = performance.now();
  const recorded = await recordEvalItem(getDb(), {
    result: {
      runId: plan.run.id,
      position: item.position,
      executionId: execution.id,
      status: ok ? 'success' : 'error',
      output: execution.output ?? null,
      latencyMs: execution.latencyMs ?? null,
      costUsd: execution.costUsd ?? null,
      judgeCostUsd: scored?.judgeCostUsd ?? null,
      scores,
      composite: scored?.composite ?? null,
      error: execution.error ?? null,
    },
    executions: [execution, ...(scored?.judgeExecutions ?? [])],
    metrics,
  });
  const now = performance.now();
  return { recorded, status: ok ? 'success' : 'error', timing: { totalMs: now - started, modelMs, transactionMs: now - txStarted } };
}

const metricOf = (executionId: string, name: string, value: number): MetricWrite => ({ executionId, name, value, experimentId: null, variant: null, unitId: null });

