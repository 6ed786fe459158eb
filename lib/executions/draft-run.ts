import { z } from 'zod';
import { versionNumber } from '@/lib/api/int4';
import { assertRole, type Actor } from '@/lib/auth/roles';
import { callModel, type CallMessage } from '@/lib/models/call';
import { costAtCatalogPrice } from '@/lib/models/catalog';
import { languageModel } from '@/lib/models/providers';
import { getVersion } from '@/lib/prompts/registry';
import { chatMessage, promptName } from '@/lib/prompts/schemas';
import { compile, declareVariables, detectVariables, render, type PromptBody } from '@/lib/prompts/templates';
import { startChainSpan } from '@/lib/tracing/spans';

export const draftBody = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), template: z.string() }),
  z.object({ type: z.literal('chat'), messages: z.array(chatMessage).min(1, 'a chat prompt needs at least one message').max(100) }),
]);

/** The provider and model a playground column calls. */
export const columnModel = z.object({ provider: z.string().min(1).max(64), model: z.string().min(1).max(128) });

export const draftRunInput = z.object({
  name: promptName,
  /** The version the draft was edited from: its variable settings and model parameters carry over. */
  from: versionNumber,
  body: draftBody,
  variables: z.record(z.string(), z.unknown()).default({}),
  model: columnModel,
});
export type DraftRunInput = z.infer<typeof draftRunInput>;

/** What a playground column shows after a run; a draft has no execution (and no version). */
export type ColumnRun = {
  executionId: string | null;
  version: number | null;
  output: string;
  usage: { inputTokens: number; outputTokens: number };
  latencyMs: number;
  costUsd: string | null;
  traceId: string | null;
};

/**
 * Runs an unsaved template: rendered in the same sandbox as a version, sent to the model, traced
 * as a CHAIN span, and not recorded as an execution, because executions belong to versions and
 * this is none yet. A template error is a 400 carrying its line and column.
 */
export async function runDraft(actor: Actor, input: DraftRunInput): Promise<ColumnRun> {
  assertRole(actor, 'editor', 'Running a prompt in the playground');
  const base = await getVersion(input.name, { version: input.from });
  const body: PromptBody = input.body;
  const compiled = compile(body);
  // As in the editor's preview: settings of the base version's variables still in the draft carry over.
  const detected = new Set(detectVariables(compiled));
  const declared = declareVariables(
    compiled,
    base.view.variables.filter((v) => detected.has(v.name)),
  );
  const rendered = await render(compiled, declared, input.variables);
  const messages: CallMessage[] = rendered.type === 'text' ? [{ role: 'user', content: rendered.text }] : rendered.messages;
  const { provider, model } = input.model;
  const config = { ...base.view.modelConfig, provider, model };
  languageModel(provider, model);

  const span = startChainSpan(() => ({
    name: input.name,
    template: body.type === 'text' ? body.template : JSON.stringify(body.messages),
    variables: input.variables,
    input: messages,
    metadata: { prompt: input.name, draftOf: input.from, source: 'playground', executionId: null },
  }));
  const started = performance.now();
  try {
    const answer = await span.within(() => callModel({ provider, model, messages, config, tracer: span.tracer, functionId: input.name }));
    const latencyMs = Math.round(performance.now() - started);
    const usage = { inputTokens: answer.inputTokens, outputTokens: answer.outputTokens };
    const costUsd = await costAtCatalogPrice(provider, model, usage);
    span.end({ output: answer.text });
    return { executionId: null, version: null, output: answer.text, usage, latencyMs, costUsd, traceId: span.traceId };
  } catch (error) {
    span.end({ error: error instanceof Error ? error.message : String(error) });
    throw error;
  }
}
