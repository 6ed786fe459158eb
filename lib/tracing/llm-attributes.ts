import { isOpenInferenceSpan } from '@arizeai/openinference-vercel';
import { LLMSystem, SemanticConventions as SC } from '@arizeai/openinference-semantic-conventions';
import type { AttributeValue } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

type MutableAttributes = Record<string, AttributeValue | undefined>;
type PromptMessage = { role?: unknown; content?: unknown };

const systems = new Set<string>(Object.values(LLMSystem));

/**
 * The export filter: only OpenInference spans (Verso's CHAIN spans and the AI SDK's, which
 * openinference-vercel has converted by the time this runs) go to Phoenix; Next.js's own
 * request spans stay home. It is also the one place that sees each converted span before it
 * is queued, so it completes what openinference-vercel 2.8 leaves out. Never throws: a span
 * that cannot be completed is still exported as it is.
 */
export function exportable(span: ReadableSpan): boolean {
  if (!isOpenInferenceSpan(span)) return false;
  try {
    const attributes = span.attributes as MutableAttributes;
    dropEmpty(attributes);
    if (attributes[SC.OPENINFERENCE_SPAN_KIND] === 'LLM') completeLlm(attributes);
  } catch {
    // An incomplete span is better than none.
  }
  return true;
}

// openinference-vercel writes undefined for absent tool calls and images; they would reach
// Phoenix as empty values.
function dropEmpty(attributes: MutableAttributes) {
  for (const key of Object.keys(attributes)) if (attributes[key] == null) delete attributes[key];
}

/**
 * From the AI SDK's own attributes: the provider (Phoenix's cost lookup and icon), the answer
 * as an output message, the input messages with plain `content` (the AI SDK turns a string
 * into a one-part array, which Phoenix shows as a list), and the total token count.
 */
function completeLlm(attributes: MutableAttributes) {
  const provider = providerOf(attributes['ai.model.provider']);
  if (provider) {
    attributes[SC.LLM_PROVIDER] ??= provider;
    if (systems.has(provider)) attributes[SC.LLM_SYSTEM] ??= provider;
  }
  const text = attributes['ai.response.text'];
  const output = `${SC.LLM_OUTPUT_MESSAGES}.0.`;
  if (typeof text === 'string' && attributes[`${output}${SC.MESSAGE_CONTENT}`] === undefined) {
    attributes[`${output}${SC.MESSAGE_ROLE}`] = 'assistant';
    attributes[`${output}${SC.MESSAGE_CONTENT}`] = text;
  }
  plainInputMessages(attributes);
  const prompt = attributes[SC.LLM_TOKEN_COUNT_PROMPT];
  const completion = attributes[SC.LLM_TOKEN_COUNT_COMPLETION];
  if (typeof prompt === 'number' && typeof completion === 'number') attributes[SC.LLM_TOKEN_COUNT_TOTAL] ??= prompt + completion;
}

/** `openai.chat` → `openai`, `anthropic.messages` → `anthropic`: the AI SDK's provider id, Verso's too. */
function providerOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value.split('.')[0] : undefined;
}

function plainInputMessages(attributes: MutableAttributes) {
  const raw = attributes['ai.prompt.messages'];
  if (typeof raw !== 'string') return;
  const messages: unknown = JSON.parse(raw);
  if (!Array.isArray(messages)) return;
  // Tool results expand into several OpenInference messages: the indexes would no longer match.
  if (messages.some((m: PromptMessage) => m?.role === 'tool')) return;
  messages.forEach((message: PromptMessage, index) => {
    const content = textOf(message?.content);
    if (content === undefined || typeof message.role !== 'string') return;
    const prefix = `${SC.LLM_INPUT_MESSAGES}.${index}.`;
    for (const key of Object.keys(attributes)) if (key.startsWith(prefix)) delete attributes[key];
    attributes[`${prefix}${SC.MESSAGE_ROLE}`] = message.role;
    attributes[`${prefix}${SC.MESSAGE_CONTENT}`] = content;
  });
}

/** A message's content as one string when it is only text; undefined for images, tool calls and the like. */
function textOf(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content) || content.length === 0) return undefined;
  const parts = content as { type?: unknown; text?: unknown }[];
  if (!parts.every((p) => p?.type === 'text' && typeof p.text === 'string')) return undefined;
  return parts.map((p) => p.text).join('');
}
