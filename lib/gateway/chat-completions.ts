import { eventStream } from '@/lib/api/event-stream';
import { toErrorBody } from '@/lib/api/errors';
import type { Actor } from '@/lib/auth/roles';
import { apiKeyIdOf } from '@/lib/executions/ownership';
import { startModelRun, type ModelRunOutcome, type StartedRun } from '@/lib/executions/model-run';
import { prepareRun } from '@/lib/executions/run';
import { newId } from '@/lib/ids';
import type { CallMessage } from '@/lib/models/call';
import type { ModelConfig } from '@/db/schema';
import { proxyTarget } from './proxy';
import type { ChatCompletion, ChatCompletionRequest } from './schemas';

type GatewayRun = { started: StartedRun; model: string; headers: Record<string, string> };

const PROMPT_MODEL = /^prompt:([^@]+)(?:@(.+))?$/;

/**
 * POST /v1/chat/completions: `run` behind OpenAI's shape. `model: "prompt:NAME[@LABEL]"` serves
 * the prompt (experiment included, the unit from `user`) with the request's messages after
 * its own; any other model is proxied to its provider. Either way the call is recorded and traced.
 */
export async function chatCompletions(actor: Actor, request: ChatCompletionRequest): Promise<Response> {
  const run = await startGatewayRun(actor, request);
  const id = `chatcmpl-${run.started.executionId}`;
  const created = Math.floor(Date.now() / 1000);
  if (!request.stream) {
    const outcome = await run.started.finish();
    return Response.json(completionOf(id, created, run.model, outcome), { headers: run.headers });
  }
  const chunk = (delta: object, finishReason: string | null = null) => ({
    id,
    object: 'chat.completion.chunk',
    created,
    model: run.model,
    choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }],
  });
  return eventStream(async (send, sendRaw) => {
    send(chunk({ role: 'assistant', content: '' }));
    try {
      const outcome = await run.started.finish((text) => send(chunk({ content: text })));
      send(chunk({}, finishReasonOf(outcome.finishReason)));
      if (request.stream_options?.include_usage) send({ id, object: 'chat.completion.chunk', created, model: run.model, choices: [], usage: usageOf(outcome) });
    } catch (error) {
      // What OpenAI sends when a stream fails: the official client raises it as an APIError.
      send(toErrorBody(error).body);
    }
    sendRaw('[DONE]');
  }, run.headers);
}

async function startGatewayRun(actor: Actor, request: ChatCompletionRequest): Promise<GatewayRun> {
  const appended = request.messages.map(toCallMessage);
  const overrides = modelOverrides(request);
  const match = PROMPT_MODEL.exec(request.model);
  if (match) {
    const prepared = await prepareRun(
      match[1]!,
      {
        unitId: request.user,
        variables: request.variables,
        label: match[2],
        metadata: request.metadata ?? undefined,
        sessionId: request.session_id,
        attributes: request.attributes,
      },
      { append: appended, modelConfig: overrides, source: 'gateway', streaming: Boolean(request.stream), actor },
    );
    const headers: Record<string, string> = { 'x-verso-execution-id': prepared.head.executionId, 'x-verso-version': String(prepared.head.version) };
    if (prepared.head.experiment) headers['x-verso-variant'] = prepared.head.experiment.variant;
    const config = { ...prepared.served.modelConfig, ...overrides };
    return { started: prepared.started, model: config.model!, headers };
  }
  const target = await proxyTarget(request.model);
  const executionId = newId();
  const started = await startModelRun({
    execution: {
      id: executionId,
      unitId: request.user ?? null,
      sticky: request.user !== undefined,
      source: 'proxy',
      variables: {},
      metadata: request.metadata ?? null,
      attributes: request.attributes ?? null,
      sessionId: request.session_id ?? null,
      apiKeyId: apiKeyIdOf(actor),
    },
    provider: target.provider,
    model: target.model,
    messages: appended,
    config: overrides,
    span: { name: request.model, unitId: request.user, sessionId: request.session_id, metadata: { ...request.metadata, model: request.model, provider: target.provider, executionId } },
  }, { streaming: Boolean(request.stream) });
  return { started, model: target.model, headers: { 'x-verso-execution-id': executionId } };
}

function toCallMessage(m: ChatCompletionRequest['messages'][number]): CallMessage {
  const content = typeof m.content === 'string' ? m.content : (m.content ?? []).map((p) => p.text).join('');
  return { role: m.role === 'developer' ? 'system' : m.role, content };
}

function modelOverrides(r: ChatCompletionRequest): ModelConfig {
  const config: ModelConfig = {};
  if (r.temperature != null) config.temperature = r.temperature;
  if (r.top_p != null) config.topP = r.top_p;
  const maxTokens = r.max_completion_tokens ?? r.max_tokens;
  if (maxTokens != null) config.maxTokens = maxTokens;
  if (r.stop != null) config.stop = typeof r.stop === 'string' ? [r.stop] : r.stop;
  return config;
}

const finishReasons: Record<string, string> = { stop: 'stop', length: 'length', 'content-filter': 'content_filter', 'tool-calls': 'tool_calls' };
const finishReasonOf = (reason: string) => finishReasons[reason] ?? 'stop';

const usageOf = (o: ModelRunOutcome) => ({ prompt_tokens: o.usage.inputTokens, completion_tokens: o.usage.outputTokens, total_tokens: o.usage.inputTokens + o.usage.outputTokens });

function completionOf(id: string, created: number, model: string, outcome: ModelRunOutcome): ChatCompletion {
  return {
    id,
    object: 'chat.completion',
    created,
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: outcome.output, refusal: null }, finish_reason: finishReasonOf(outcome.finishReason), logprobs: null }],
    usage: usageOf(outcome),
  };
}
