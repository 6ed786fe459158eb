import { getDb } from '@/db/client';
import type { NewExecution } from '@/db/queries/executions';
import type { EvalScore, ModelConfig, VariableSpec } from '@/db/schema';
import { VersoError } from '@/lib/api/errors';
import { newId } from '@/lib/ids';
import { callModel, type CallMessage, type ModelAnswer } from '@/lib/models/call';
import { costAtCatalogPrice } from '@/lib/models/catalog';
import { languageModel } from '@/lib/models/providers';
import { getVersion } from '@/lib/prompts/registry';
import { render, type CompiledPrompt } from '@/lib/prompts/templates';
import { compiledVersion } from '@/lib/prompts/versions';
import { startChainSpan } from '@/lib/tracing/spans';
import type { EvalContext } from './evaluators';
import { EvaluatorFailure, expectedText } from './evaluators/outcome';
import { readVerdict } from './judge-verdict';
import { providerSlot } from './limiter';
import type { EvaluatorSpec } from './schemas';

// An LLM judge is a Verso prompt like any other: versioned, labelled, rendered in the sandbox.
// Its calls are executions of that prompt (source 'eval'), so what a judge said, and what it
// cost, can be opened from the item it scored.

export type JudgeSpec = Extract<EvaluatorSpec, { type: 'judge' }>;

type Judge = {
  promptId: string;
  promptName: string;
  version: number;
  variables: VariableSpec[];
  compiled: CompiledPrompt;
  template: string;
  modelConfig: ModelConfig;
};

const named = (spec: JudgeSpec, message: string) => new VersoError('invalid', `Evaluator "${spec.name}": ${message}`, { evaluator: spec.name });

function modelOf(spec: JudgeSpec, config: ModelConfig): { provider: string; model: string } | null {
  if (spec.model) return spec.model;
  return config.provider && config.model ? { provider: config.provider, model: config.model } : null;
}

/**
 * At run creation: the judge prompt's version must exist (by number, label, or `production`),
 * and the judge must have a model whose provider is configured (424 otherwise). The label is
 * replaced by the version it points to now, so moving the label later cannot change the run.
 */
export async function pinJudge(spec: JudgeSpec): Promise<JudgeSpec> {
  if (spec.version !== undefined && spec.label !== undefined) throw named(spec, 'give the judge prompt a version or a label, not both.');
  let found;
  try {
    found = await getVersion(spec.prompt, spec.version !== undefined ? { version: spec.version } : { label: spec.label ?? 'production' });
  } catch (error) {
    if (error instanceof VersoError && error.code === 'not_found') throw named(spec, error.message);
    throw error;
  }
  const model = modelOf(spec, found.view.modelConfig);
  if (!model) throw named(spec, `version ${found.row.version} of the judge prompt "${spec.prompt}" names no model: give the evaluator a model.`);
  try {
    languageModel(model.provider, model.model);
  } catch (error) {
    if (error instanceof VersoError && error.code === 'invalid') throw named(spec, error.message);
    throw error;
  }
  const { label: _label, ...pinned } = spec;
  return { ...pinned, version: found.row.version };
}

// Versions are immutable: a judge version is read and compiled once per process and database.
const judges = new WeakMap<object, Map<string, Promise<Judge>>>();

function loadJudge(spec: JudgeSpec): Promise<Judge> {
  const db = getDb();
  let perDb = judges.get(db);
  if (!perDb) judges.set(db, (perDb = new Map()));
  // An unpinned spec (a label) is resolved on every call: a label moves.
  const key = spec.version === undefined ? null : `${spec.prompt}\u0000${spec.version}`;
  const cached = key ? perDb.get(key) : undefined;
  if (cached) return cached;
  const loading = getVersion(spec.prompt, spec.version !== undefined ? { version: spec.version } : { label: spec.label ?? 'production' }).then(
    ({ prompt, row, view }): Judge => ({
      promptId: prompt.id,
      promptName: prompt.name,
      version: row.version,
      variables: row.variables,
      compiled: compiledVersion(row),
      template: row.type === 'text' ? (row.template ?? '') : JSON.stringify(row.messages ?? []),
      modelConfig: view.modelConfig,
    }),
  );
  if (key) {
    perDb.set(key, loading);
    loading.catch(() => perDb.delete(key));
  }
  return loading;
}

export type JudgeOutcome = { score: EvalScore; execution: NewExecution | null };

/**
 * Asks the judge about one item. The judge prompt sees the item's variables plus `input` (the
 * rendered prompt), `output` and `expected` (text; JSON for a structured value; '' when the item
 * has none); variables it does not declare are ignored, required ones it declares must be there.
 * Throws EvaluatorFailure (or a VersoError) only before a call is made; once the judge is asked,
 * the outcome, whatever it is, comes back with the judge's execution.
 */
export async function runJudge(spec: JudgeSpec, ctx: EvalContext): Promise<JudgeOutcome> {
  const judge = await loadJudge(spec);
  const variables = { ...ctx.variables, input: ctx.input, output: ctx.output, expected: expectedText(ctx.expected) ?? '' };
  const rendered = await render(judge.compiled, judge.variables, variables);
  const messages: CallMessage[] = rendered.type === 'text' ? [{ role: 'user', content: rendered.text }] : rendered.messages;
  const model = modelOf(spec, judge.modelConfig);
  if (!model) throw new EvaluatorFailure(`the judge prompt "${judge.promptName}" version ${judge.version} names no model`);
  const { provider } = model;
  languageModel(provider, model.model);
  const config = { ...judge.modelConfig, ...model };
  const metadata = { evalRunId: ctx.runId, position: ctx.position, judgeFor: spec.name };

  const id = newId();
  const createdAt = new Date();
  const span = startChainSpan(() => ({ name: judge.promptName, template: judge.template, variables, version: judge.version, input: messages, metadata }));
  const row = (fields: Partial<NewExecution>): NewExecution => ({
    id,
    promptId: judge.promptId,
    promptName: judge.promptName,
    version: judge.version,
    source: 'eval',
    variables,
    messages,
    provider,
    model: model.model,
    metadata,
    traceId: span.traceId,
    spanId: span.spanId,
    createdAt,
    completedAt: new Date(),
    ...fields,
  });

  let latencyMs = 0;
  let answer: ModelAnswer;
  try {
    answer = await span.within(() =>
      providerSlot(provider, async () => {
        // Measured inside the slot: waiting for the provider's room is not the judge's latency.
        const started = performance.now();
        try {
          return await callModel({ provider, model: model.model, messages, config, tracer: span.tracer, functionId: judge.promptName });
        } finally {
          latencyMs = Math.round(performance.now() - started);
        }
      }),
    );
  } catch (thrown) {
    const message = thrown instanceof Error ? thrown.message : String(thrown);
    span.end({ error: message });
    const status = thrown instanceof VersoError && thrown.code === 'provider_timeout' ? 'timeout' : 'error';
    return {
      score: { score: null, pass: null, error: `the judge did not answer: ${message}`, judgeExecutionId: id },
      execution: row({ status, latencyMs, inputTokens: null, outputTokens: null, costUsd: null, output: null, error: message }),
    };
  }
  const usage = { inputTokens: answer.inputTokens, outputTokens: answer.outputTokens };
  const costUsd = await costAtCatalogPrice(provider, model.model, usage);
  span.end({ output: answer.text });
  const execution = row({ status: 'success', latencyMs, ...usage, costUsd, output: answer.text, error: null });

  const verdict = readVerdict(answer.text, spec.scale);
  if ('error' in verdict) return { score: { score: null, pass: null, error: `unreadable verdict: ${verdict.error}`, judgeExecutionId: id }, execution };
  return { score: { score: verdict.score, pass: passOf(spec, verdict.score), reason: verdict.reason, judgeExecutionId: id }, execution };
}

/** Binary judges pass on 1; scaled ones at or above passAt, and have no pass/fail without it. */
function passOf(spec: JudgeSpec, score: number): boolean | null {
  if (spec.scale === 'binary') return score === 1;
  return spec.passAt === undefined ? null : score >= spec.passAt;
}
