import { z } from 'zod';
import { modelConfig } from '@/lib/prompts/schemas';
import type { listExperiments } from './experiments';
import type { ExperimentResults } from './results';
import type { ExperimentView } from './views';

// What the experiments API answers, as zod schemas: the OpenAPI document is generated from
// them and the API tests parse real responses with them. The checks at the bottom fail the
// type check when a service's result and its schema drift apart (as lib/prompts/views.ts).

const timestamp = z.iso.datetime({ offset: true }).describe('ISO 8601 time');
const interval = z.tuple([z.number(), z.number()]).describe('[lower, upper]');

const metricView = z.object({
  name: z.string(),
  type: z.enum(['binary', 'continuous']),
  direction: z.enum(['increase', 'decrease']),
});

export const experimentView = z.object({
  key: z.string(),
  name: z.string(),
  hypothesis: z.string(),
  prompt: z.string().describe('the prompt the experiment serves'),
  status: z.enum(['draft', 'running', 'paused', 'completed']),
  variants: z.array(
    z.object({
      key: z.string(),
      version: z.number().int(),
      weight: z.number(),
      control: z.boolean(),
      modelConfig: modelConfig.nullable().describe("merged over the version's model config when served"),
    }),
  ),
  coverage: z.number().describe('share of units in the experiment, 0–1'),
  salt: z.string(),
  primaryMetric: metricView,
  guardrailMetrics: z.array(metricView.extend({ tolerance: z.number().describe('tolerated relative degradation') })),
  minSampleSize: z.number().int().describe('executions per variant'),
  alpha: z.number(),
  method: z.enum(['frequentist', 'sequential', 'bayesian']),
  winner: z.string().nullable().describe('the declared winning variant'),
  createdBy: z.string(),
  createdAt: timestamp,
  startedAt: timestamp.nullable(),
  stoppedAt: timestamp.nullable(),
});

export const experimentList = z.object({
  data: z.array(
    experimentView.extend({
      executions: z.number().int().describe('executions recorded in the experiment so far'),
      units: z.number().int().describe('distinct units so far (an execution without a unitId counts as one)'),
    }),
  ).describe('newest first'),
});

const metricSummary = z.discriminatedUnion('type', [
  z.object({ type: z.literal('binary'), n: z.number(), conversions: z.number(), rate: z.number().nullable() }),
  z.object({
    type: z.literal('continuous'),
    n: z.number().describe('executions that reported a value'),
    mean: z.number().nullable(),
    variance: z.number().nullable(),
    sum: z.number().nullable().describe('null when it does not fit a double'),
  }),
]);

const comparison = z.object({
  variant: z.string(),
  diff: z.number().nullable().describe('treatment − control'),
  ci: interval.nullable(),
  relativeDiff: z.number().nullable().describe('(treatment − control) / control'),
  relativeCi: interval.nullable(),
  pValue: z.number().nullable(),
  adjustedPValue: z.number().nullable().describe('Holm-adjusted when there are several treatments'),
  chanceToBeatControl: z.number().nullable(),
  expectedLoss: z.object({ control: z.number(), treatment: z.number() }).nullable(),
  significant: z.boolean(),
  better: z.boolean().describe("significant and in the metric's good direction"),
  worse: z.boolean(),
  reason: z.string().nullable().describe('why a number is null'),
});

export const experimentResultsView = z.object({
  experiment: experimentView,
  variants: z.array(
    z.object({
      key: z.string(),
      version: z.number().int(),
      control: z.boolean(),
      weight: z.number(),
      executions: z.number(),
      target: z.number().describe('the minimum sample size'),
      reached: z.boolean(),
    }),
  ),
  metrics: z.array(
    z.object({
      metric: metricView.extend({ tolerance: z.number().optional() }),
      role: z.enum(['primary', 'guardrail']),
      summaries: z.record(z.string(), metricSummary).describe('per variant key'),
      comparisons: z.array(comparison).describe('each treatment against the control'),
      withinTolerance: z.record(z.string(), z.boolean()).optional().describe('guardrails: per treatment'),
      ignoredValues: z.number().describe('values outside ±1e15, stored before that limit, left out of the analysis'),
    }),
  ),
  srm: z.object({ chiSquare: z.number().nullable(), pValue: z.number().nullable(), mismatch: z.boolean(), reason: z.string().nullable() }),
  sampleSizeReached: z.boolean(),
  recommendation: z.object({
    verdict: z.enum(['ship', 'keep_control', 'keep_running', 'inconclusive', 'check_setup']),
    winner: z.string().nullable(),
    text: z.string(),
  }),
  computedAt: timestamp,
});

// Compile-time checks: a service result and its schema describe the same values.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Expect<T extends true> = T;
export type ExperimentViewsMatchServices = [
  Expect<Same<z.infer<typeof experimentView>, ExperimentView>>,
  Expect<Same<z.infer<typeof experimentList>['data'], Awaited<ReturnType<typeof listExperiments>>>>,
  Expect<Same<z.infer<typeof experimentResultsView>, ExperimentResults>>,
];
