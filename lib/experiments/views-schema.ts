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
  per: z.enum(['unit', 'execution']).optional().describe("'unit' (default): one value per unit; 'execution': ratio metric over the units' executions"),
  aggregate: z.enum(['mean', 'sum']).optional().describe("continuous per-unit metrics: the unit's mean (default) or sum"),
});

// What a GrowthBook SDK's run() (or runInlineExperiment) takes to assign exactly as Verso does.
export const growthbookExperiment = z
  .object({
    key: z.string(),
    hashAttribute: z.literal('id').describe('the unit id goes in the attribute `id`'),
    hashVersion: z.literal(2),
    seed: z.string().describe("the experiment's salt"),
    variations: z.array(z.string()).describe('variant keys, in order'),
    weights: z.array(z.number()).describe('normalised to sum 1, in variant order'),
    coverage: z.number(),
    condition: z.record(z.string(), z.unknown()).optional().describe('the targeting condition, when there is one'),
    meta: z.array(z.object({ key: z.string(), name: z.string() })).describe("so that a Result's `key` is the variant key"),
  })
  .describe('a GrowthBook experiment definition: `new GrowthBook({ attributes: { id: unitId, ...attributes } }).run(definition)` assigns the same variant (or none) as Verso');

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
  minSampleSize: z.number().int().describe('the planned sample: units per variant'),
  alpha: z.number(),
  method: z.enum(['frequentist', 'sequential', 'bayesian']).describe('sequential (default) stays valid however often results are read; frequentist is fixed-horizon'),
  sequentialTuning: z.number().nullable().describe('sequential tuning parameter, fixed at start: 2 × minSampleSize (total units of two arms)'),
  targeting: z
    .record(z.string(), z.unknown())
    .nullable()
    .describe("GrowthBook condition over the unit's attributes (`id` is the unit id); units it does not match get the label. null: every unit in coverage"),
  growthbook: growthbookExperiment,
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
  z.object({
    type: z.literal('binary'),
    n: z.number().describe('units (or requests, see analysis.population)'),
    conversions: z.number().describe('units with any positive value'),
    rate: z.number().nullable(),
  }),
  z.object({
    type: z.literal('continuous'),
    n: z.number().describe("units: all of them for aggregate 'sum', those that reported a value for 'mean'"),
    mean: z.number().nullable().describe('mean of the per-unit values'),
    variance: z.number().nullable().describe('sample variance of the per-unit values'),
    sum: z.number().nullable().describe('sum of the per-unit values; null when it does not fit a double'),
  }),
  z.object({
    type: z.literal('ratio'),
    n: z.number().describe('units'),
    numerator: z.number().describe('Σ over units: positive executions (binary) or values (continuous)'),
    denominator: z.number().describe('Σ over units: executions (binary) or executions that reported a value (continuous)'),
    ratio: z.number().nullable(),
    variance: z.number().nullable().describe('per-unit delta-method variance of the ratio (n × its squared standard error)'),
  }),
]);

const comparison = z.object({
  variant: z.string(),
  diff: z.number().nullable().describe('treatment − control'),
  ci: interval.nullable(),
  relativeDiff: z.number().nullable().describe('(treatment − control) / |control|'),
  relativeCi: interval.nullable(),
  pValue: z.number().nullable(),
  adjustedPValue: z.number().nullable().describe('Holm-adjusted when there are several treatments (or segments)'),
  chanceToBeatControl: z.number().nullable().describe("in the metric's good direction"),
  expectedLoss: z.object({ control: z.number(), treatment: z.number() }).nullable().describe('expected cost of keeping the control / of shipping the treatment'),
  significant: z.boolean().describe('frequentist and sequential: adjusted p < alpha; Bayesian: the one-sided decision to ship (chance > 1 − alpha and expected loss below the threshold)'),
  better: z.boolean().describe("significant and in the metric's good direction"),
  worse: z.boolean().describe('significantly worse (Bayesian: chance to beat control below alpha)'),
  reason: z.string().nullable().describe('why a number is null'),
});

const variantTraffic = z.object({
  key: z.string(),
  version: z.number().int(),
  control: z.boolean(),
  weight: z.number(),
  units: z.number().describe('randomised units: distinct unitIds (or requests, see analysis.population)'),
  executions: z.number(),
  target: z.number().describe('the planned sample per variant, in units'),
  reached: z.boolean(),
});

const metricResult = z.object({
  metric: metricView.extend({ tolerance: z.number().optional() }),
  role: z.enum(['primary', 'guardrail']),
  summaries: z.record(z.string(), metricSummary).describe('per variant key'),
  comparisons: z.array(comparison).describe('each treatment against the control'),
  withinTolerance: z.record(z.string(), z.boolean()).optional().describe('guardrails: per treatment'),
  ignoredValues: z.number().describe('values outside ±1e15, stored before that limit, left out of the analysis'),
});

const population = z.enum(['units', 'requests']).describe("'units': executions with a unitId, one observation per unit; 'requests': executions without one, each its own unit");
const srm = z.object({ chiSquare: z.number().nullable(), pValue: z.number().nullable(), mismatch: z.boolean(), reason: z.string().nullable() });

export const experimentResultsView = z.object({
  experiment: experimentView,
  analysis: z.object({
    population,
    method: z.enum(['frequentist', 'sequential', 'bayesian']),
    peekingSafe: z.boolean().describe('sequential: valid however often results are read; otherwise only at the planned sample'),
    tuningParameter: z.number().nullable().describe('sequential tuning parameter (total units of two arms)'),
    lossThreshold: z.number().nullable().describe('Bayesian: largest expected loss of shipping, relative to |control|'),
    note: z.string(),
  }),
  variants: z.array(variantTraffic),
  metrics: z.array(metricResult),
  srm: srm.describe('sample-ratio mismatch on units'),
  sampleSizeReached: z.boolean(),
  recommendation: z.object({
    verdict: z.enum(['ship', 'keep_control', 'keep_running', 'inconclusive', 'check_setup']),
    winner: z.string().nullable(),
    text: z.string(),
  }),
  apart: z
    .object({ population, variants: z.array(variantTraffic), metrics: z.array(metricResult), srm, sampleSizeReached: z.boolean(), note: z.string() })
    .nullable()
    .describe('the other population, analysed on its own and never pooled: usually executions without a unitId'),
  segments: z
    .object({
      attribute: z.string(),
      note: z.string().describe('the multiple-testing caution'),
      segments: z.array(z.object({ value: z.string().nullable(), variants: z.array(z.object({ key: z.string(), units: z.number() })), metric: metricResult })),
    })
    .nullable()
    .describe('the primary metric broken down by `?segment=<attribute>`; null without it'),
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
