import { z } from 'zod';
import { int4 } from '@/lib/api/int4';
import { metricName } from '@/lib/experiments/schemas';
import { unitAttributes } from '@/lib/experiments/targeting';
import { labelName } from '@/lib/prompts/schemas';

export const resolveInput = z.object({
  unitId: z.string().min(1).max(256).optional(),
  variables: z.record(z.string(), z.unknown()).default({}),
  label: labelName.optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  sessionId: z.string().min(1).max(256).optional().describe('groups executions of one conversation; sent to Phoenix as session.id'),
  attributes: unitAttributes.optional(),
});

export const runInput = resolveInput.extend({
  stream: z.boolean().default(false).describe('answer with server-sent events: `delta` events, then one `summary` event with the same fields as the JSON answer'),
});

export const completeExecutionInput = z.object({
  status: z.enum(['success', 'error', 'timeout']),
  latencyMs: int4.min(0).max(86_400_000).optional(),
  inputTokens: int4.min(0).optional(),
  outputTokens: int4.min(0).optional(),
  costUsd: z.number().min(0).max(1_000_000).optional(),
  output: z.string().max(1_000_000).optional(),
  error: z.string().max(10_000).optional(),
});

/** The largest metric value, either sign; the database holds the same CHECK (execution_metrics_value_range). */
export const METRIC_VALUE_LIMIT = 1e15;

// JSON has no NaN or Infinity, and zod's number refuses both: a value is a finite number. It is
// bounded too, so that the results' Σx² over any number of rows stays far from float8's limit.
const metricValue = z
  .number()
  .min(-METRIC_VALUE_LIMIT, 'a metric value is between -1e15 and 1e15')
  .max(METRIC_VALUE_LIMIT, 'a metric value is between -1e15 and 1e15');

export const metricInput = z.object({ name: metricName, value: metricValue });

export const metricBatchInput = z.object({
  items: z
    .array(metricInput.extend({ executionId: z.uuid() }))
    .min(1)
    .max(1_000, 'at most 1,000 items per call'),
});

export type ResolveInput = z.infer<typeof resolveInput>;
export type RunInput = z.infer<typeof runInput>;
export type CompleteExecutionInput = z.infer<typeof completeExecutionInput>;

export const executionId = z.uuid('an execution id is a UUID');
