import { z } from 'zod';
import { int4 } from '@/lib/api/int4';
import { unitAttributes } from '@/lib/experiments/targeting';

// The OpenAI chat completions request, as far as the gateway honours it. Fields it does not
// know are ignored, as OpenAI-compatible servers do; fields it cannot honour are refused.
const textPart = z.object({ type: z.literal('text'), text: z.string() });

const message = z.object({
  role: z.enum(['system', 'developer', 'user', 'assistant']),
  content: z.union([z.string(), z.array(textPart, { error: 'only text content parts are supported' }), z.null()]).optional(),
  name: z.string().max(256).optional(),
});

export const chatCompletionRequest = z
  .object({
    model: z.string().min(1).max(300).describe('`prompt:NAME` or `prompt:NAME@LABEL` to serve a prompt; any other value is a model passed to its provider (proxy mode)'),
    messages: z.array(message).max(1_000).default([]).describe("appended after the prompt's rendered messages"),
    variables: z.record(z.string(), z.unknown()).default({}).describe("the prompt's variables"),
    user: z.string().min(1).max(256).optional().describe('the unit: experiment assignment is sticky per user'),
    session_id: z.string().min(1).max(256).optional(),
    attributes: unitAttributes.optional().describe("the unit's attributes for experiment targeting (as `attributes` of resolve); a top-level field next to `variables` (OpenAI SDKs: extra_body)"),
    metadata: z.record(z.string(), z.unknown()).nullish(),
    stream: z.boolean().nullish(),
    stream_options: z.object({ include_usage: z.boolean().nullish() }).nullish(),
    temperature: z.number().min(0).max(2).nullish(),
    top_p: z.number().min(0).max(1).nullish(),
    max_tokens: int4.min(1).nullish(),
    max_completion_tokens: int4.min(1).nullish(),
    stop: z.union([z.string(), z.array(z.string()).max(8)]).nullish(),
    n: z.literal(1, { error: 'the gateway answers one choice: n must be 1' }).nullish(),
    tools: z.undefined({ error: 'tools are not supported by the gateway' }).optional(),
    functions: z.undefined({ error: 'functions are not supported by the gateway' }).optional(),
  })
  .refine((r) => r.model.startsWith('prompt:') || r.messages.length > 0, { message: 'messages are required when model is not a prompt', path: ['messages'] });

export type ChatCompletionRequest = z.infer<typeof chatCompletionRequest>;

const usage = z.object({ prompt_tokens: z.number().int(), completion_tokens: z.number().int(), total_tokens: z.number().int() });

export const chatCompletion = z.object({
  id: z.string(),
  object: z.literal('chat.completion'),
  created: z.number().int(),
  model: z.string(),
  choices: z.array(
    z.object({
      index: z.number().int(),
      message: z.object({ role: z.literal('assistant'), content: z.string(), refusal: z.null() }),
      finish_reason: z.string(),
      logprobs: z.null(),
    }),
  ),
  usage,
});

export type ChatCompletion = z.infer<typeof chatCompletion>;
