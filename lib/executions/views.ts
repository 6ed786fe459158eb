import { z } from 'zod';
import { chatMessage, modelConfig } from '@/lib/prompts/schemas';
import type { completeExecution, recordMetrics } from './outcomes';
import type { Resolved } from './resolve';
import type { RunSummary } from './run';

// What the serving and outcome API answers, as zod schemas (see lib/prompts/views.ts): the
// OpenAPI document is generated from them, and the checks below keep them equal to the services.

export const resolvedView = z.object({
  executionId: z.uuid().describe('report outcomes and metrics against this id'),
  name: z.string(),
  version: z.number().int(),
  experiment: z
    .object({ key: z.string(), variant: z.string() })
    .nullable()
    .describe('null when no experiment runs or the unit is outside its coverage: the label was served'),
  type: z.enum(['text', 'chat']),
  text: z.string().optional().describe('present when type is text'),
  messages: z.array(chatMessage).optional().describe('present when type is chat'),
  modelConfig: modelConfig.describe("the version's model config, with the variant's override merged over it"),
});

export const runSummary = z.object({
  executionId: z.uuid(),
  experiment: z.object({ key: z.string(), variant: z.string() }).nullable(),
  name: z.string(),
  version: z.number().int(),
  output: z.string().describe("the model's answer"),
  usage: z.object({ inputTokens: z.number().int(), outputTokens: z.number().int() }),
  latencyMs: z.number().int().describe('the model call, retries included'),
  costUsd: z.string().nullable().describe("exact decimal USD from the catalog's prices; null when the catalog does not know the model"),
  traceId: z.string().nullable().describe('the OpenTelemetry trace id (Phoenix); null when tracing is off'),
});

export const executionCompleted = z.object({
  id: z.uuid(),
  status: z.enum(['resolved', 'success', 'error', 'timeout']),
  completedAt: z.iso.datetime({ offset: true }).nullable(),
});

export const metricsRecorded = z.object({
  recorded: z.number().int().describe('distinct (execution, name) pairs written; a repeated pair keeps its last value'),
});

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Expect<T extends true> = T;
export type ExecutionViewsMatchServices = [
  Expect<Same<z.infer<typeof resolvedView>, Resolved>>,
  Expect<Same<z.infer<typeof runSummary>, RunSummary>>,
  Expect<Same<z.infer<typeof executionCompleted>, Awaited<ReturnType<typeof completeExecution>>>>,
  Expect<Same<z.infer<typeof metricsRecorded>, Awaited<ReturnType<typeof recordMetrics>>>>,
];
