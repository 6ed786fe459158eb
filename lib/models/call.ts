import { APICallError } from '@ai-sdk/provider';
import type { Tracer } from '@opentelemetry/api';
import { generateText, streamText, type ModelMessage } from 'ai';
import type { ModelConfig } from '@/db/schema';
import { VersoError } from '@/lib/api/errors';
import { env } from '@/lib/env';
import { languageModel } from './providers';
import { retryAfterOf, retryDelay, type RetryPolicy } from './retry';

export type CallMessage = { role: 'system' | 'user' | 'assistant'; content: string };

export type ModelCall = {
  provider: string;
  model: string;
  messages: CallMessage[];
  config: ModelConfig;
  /** Set when tracing is on: the AI SDK then writes its spans (the LLM span) under the active span. */
  tracer?: Tracer;
  functionId?: string;
  /** Called with each piece of text as it streams in; without it the call is not streamed. */
  onDelta?: (text: string) => void;
};

export type ModelAnswer = {
  text: string;
  inputTokens: number;
  outputTokens: number;
  finishReason: string;
  attempts: number;
};

type Failure = { error: VersoError; retryable: boolean; retryAfterMs?: number };

const policy = (): RetryPolicy => {
  const e = env();
  return { maxRetries: e.VERSO_MODEL_MAX_RETRIES, baseMs: e.VERSO_MODEL_RETRY_BASE_MS, maxDelayMs: e.VERSO_MODEL_RETRY_MAX_DELAY_MS };
};

/**
 * One model call with Verso's retry policy: timeouts, 429 and 5xx are retried with backoff,
 * anything else fails at once. Failures are VersoErrors: provider_timeout (504) or
 * provider_error (502) carrying the provider's message; provider_not_configured (424) before any request.
 * A streamed call is retried only while nothing has been streamed yet.
 */
export async function callModel(call: ModelCall): Promise<ModelAnswer> {
  const model = languageModel(call.provider, call.model);
  const retry = policy();
  for (let attempt = 0; ; attempt++) {
    let streamed = false;
    const onDelta = call.onDelta && ((text: string) => ((streamed = true), call.onDelta!(text)));
    try {
      const answer = await attemptCall(model, { ...call, onDelta });
      return { ...answer, attempts: attempt + 1 };
    } catch (thrown) {
      const failure = classify(thrown, call);
      const delay = failure.retryable && !streamed ? retryDelay(attempt, retry, failure.retryAfterMs) : null;
      if (delay === null) throw failure.error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

async function attemptCall(model: ReturnType<typeof languageModel>, call: ModelCall): Promise<Omit<ModelAnswer, 'attempts'>> {
  const { config } = call;
  const settings = {
    model,
    messages: call.messages as ModelMessage[],
    allowSystemInMessages: true,
    temperature: config.temperature,
    maxOutputTokens: config.maxTokens,
    topP: config.topP,
    stopSequences: config.stop,
    maxRetries: 0,
    abortSignal: AbortSignal.timeout(env().VERSO_MODEL_TIMEOUT_MS),
    experimental_telemetry: call.tracer ? { isEnabled: true, tracer: call.tracer, functionId: call.functionId } : { isEnabled: false },
  };
  if (!call.onDelta) {
    const result = await generateText(settings);
    return { text: result.text, inputTokens: result.usage.inputTokens ?? 0, outputTokens: result.usage.outputTokens ?? 0, finishReason: result.finishReason };
  }
  const result = streamText({ ...settings, onError: () => {} });
  let text = '';
  for await (const part of result.fullStream) {
    if (part.type === 'text-delta') {
      text += part.text;
      call.onDelta(part.text);
    } else if (part.type === 'error') {
      throw part.error;
    } else if (part.type === 'abort') {
      throw new DOMException('The model call was aborted.', 'TimeoutError');
    } else if (part.type === 'finish') {
      return { text, inputTokens: part.totalUsage.inputTokens ?? 0, outputTokens: part.totalUsage.outputTokens ?? 0, finishReason: part.finishReason };
    }
  }
  return { text, inputTokens: 0, outputTokens: 0, finishReason: 'unknown' };
}

function classify(thrown: unknown, call: ModelCall): Failure {
  if (thrown instanceof VersoError) return { error: thrown, retryable: false };
  const where = `${call.provider}/${call.model}`;
  if (isTimeout(thrown)) {
    return {
      error: new VersoError('provider_timeout', `${where} did not answer within ${env().VERSO_MODEL_TIMEOUT_MS} ms.`, { provider: call.provider, model: call.model }),
      retryable: true,
    };
  }
  const apiError = APICallError.isInstance(thrown) ? thrown : APICallError.isInstance((thrown as { cause?: unknown })?.cause) ? ((thrown as { cause: APICallError }).cause) : null;
  if (apiError) {
    const status = apiError.statusCode;
    const retryable = status === undefined ? apiError.isRetryable : status === 429 || status >= 500;
    const message = `${where} failed${status ? ` with ${status}` : ''}: ${apiError.message}`;
    return {
      error: new VersoError('provider_error', message, { provider: call.provider, model: call.model, status: status ?? null }),
      retryable,
      retryAfterMs: retryAfterOf(apiError.responseHeaders),
    };
  }
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  return { error: new VersoError('provider_error', `${where} failed: ${message}`, { provider: call.provider, model: call.model }), retryable: false };
}

function isTimeout(error: unknown): boolean {
  for (let e = error as { name?: string; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (e.name === 'TimeoutError' || e.name === 'AbortError') return true;
  }
  return false;
}
