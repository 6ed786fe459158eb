import { z } from 'zod';
import { int4FromText, versionNumber } from '@/lib/api/int4';
import { datasetName } from '@/lib/datasets/schemas';
import { metricName } from '@/lib/experiments/schemas';
import { labelName, modelConfig, promptName } from '@/lib/prompts/schemas';

// Offline evaluation: what a run is asked to do, what it answers, and the shapes the API, the
// CLI and the console share. An evaluator's `name` is also the metric its score is recorded as
// on the item's execution, so the same names work in experiments.

/** The weighted composite's name in results and comparisons (and not an evaluator's). */
export const COMPOSITE = 'composite';

const weight = z.number().min(0).max(1000).default(1);
const base = { name: metricName, weight };
const caseSensitive = z.boolean().default(false);

/** Compares the output with `expected` unless the evaluator names its own `value`. */
export const evaluatorSpec = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('exact'), caseSensitive, trim: z.boolean().default(true) }).strict(),
  z.object({ ...base, type: z.literal('contains'), value: z.string().max(10_000).optional(), caseSensitive }).strict(),
  // Run by RE2 (linear time): no pattern can stall a worker.
  z.object({ ...base, type: z.literal('regex'), pattern: z.string().min(1).max(1_000), flags: z.string().regex(/^[ims]*$/).default('') }).strict(),
  z.object({ ...base, type: z.literal('json_valid') }).strict(),
  z.object({ ...base, type: z.literal('json_schema'), schema: z.record(z.string(), z.unknown()) }).strict(),
  z
    .object({ ...base, type: z.literal('numeric'), absolute: z.number().min(0).default(0), relative: z.number().min(0).default(0) })
    .strict()
    .describe('the first number in the output against expected, within absolute or relative tolerance'),
  z.object({ ...base, type: z.literal('length'), min: z.number().int().min(0).optional(), max: z.number().int().min(0).optional() }).strict(),
  z
    .object({ ...base, type: z.literal('levenshtein'), threshold: z.number().min(0).max(1).default(0.8) })
    .strict()
    .describe('similarity 1 − distance / longer length; passes at or above threshold'),
  z.object({ ...base, type: z.literal('latency'), maxMs: z.number().int().min(1) }).strict(),
  z.object({ ...base, type: z.literal('cost'), maxUsd: z.number().positive() }).strict(),
  z
    .object({
      ...base,
      type: z.literal('judge'),
      /** A Verso prompt rendered with `input`, `output`, `expected` and the item's variables. */
      prompt: promptName,
      version: versionNumber.optional(),
      label: labelName.optional(),
      /** Provider and model; the judge prompt's own model config otherwise. */
      model: z.object({ provider: z.string().min(1).max(64), model: z.string().min(1).max(128) }).optional(),
      scale: z.enum(['binary', '1-5', '0-1']),
      /** For 1–5 and 0–1: the score at or above which the item passes; none for no pass/fail. */
      passAt: z.number().optional(),
    })
    .strict(),
]);
export type EvaluatorSpec = z.output<typeof evaluatorSpec>;
export type EvaluatorType = EvaluatorSpec['type'];

/** A binary evaluator's score is 1 or 0; a scaled one (1–5, 0–1, similarity) is a number. */
export const evaluatorList = z
  .array(evaluatorSpec)
  .min(1, 'name at least one evaluator')
  .max(20)
  .refine((list) => new Set(list.map((e) => e.name)).size === list.length, 'evaluator names must be unique')
  .refine((list) => list.every((e) => e.name !== COMPOSITE), '"composite" is the name of the weighted composite');

export const MAX_EVAL_CONCURRENCY = 64;

export const newEvalRunInput = z
  .object({
    name: z.string().max(200).default(''),
    dataset: datasetName,
    /** The dataset's latest version when left out. */
    datasetVersion: versionNumber.optional(),
    prompt: promptName,
    /** Exactly one of version and label; `production` when neither is given. */
    version: versionNumber.optional(),
    label: labelName.optional(),
    /** Merged over the version's model config: another model, or other parameters. */
    model: modelConfig.optional(),
    evaluators: evaluatorList,
    concurrency: z.number().int().min(1).max(MAX_EVAL_CONCURRENCY).default(8),
    requestsPerMinute: z.number().int().min(1).max(100_000).optional(),
  })
  .strict()
  .refine((input) => input.version === undefined || input.label === undefined, { message: 'give a version or a label, not both', path: ['label'] });
export type NewEvalRunInput = z.input<typeof newEvalRunInput>;

export const evalRunStatus = z.enum(['queued', 'running', 'completed', 'cancelled', 'failed']);

export const evalScoreView = z.object({
  score: z.number().nullable(),
  pass: z.boolean().nullable(),
  reason: z.string().optional(),
  error: z.string().optional(),
  judgeExecutionId: z.uuid().optional(),
});
export type EvalScoreView = z.infer<typeof evalScoreView>;

const usd = z.string().describe('USD, exact decimal');

export const evalRunView = z.object({
  id: z.uuid(),
  name: z.string(),
  status: evalRunStatus,
  dataset: z.string(),
  datasetVersion: z.number().int(),
  prompt: z.string(),
  version: z.number().int(),
  modelConfig: z.record(z.string(), z.unknown()),
  modelOverride: z.record(z.string(), z.unknown()).nullable(),
  evaluators: z.array(z.record(z.string(), z.unknown())),
  concurrency: z.number().int(),
  requestsPerMinute: z.number().int().nullable(),
  progress: z.object({ total: z.number().int(), done: z.number().int(), succeeded: z.number().int(), failed: z.number().int() }),
  /** Per evaluator over the items it scored: mean score and pass rate (null when it has no pass/fail). */
  summary: z.array(z.object({ name: z.string(), n: z.number().int(), mean: z.number().nullable(), passRate: z.number().nullable() })),
  costUsd: usd,
  judgeCostUsd: usd,
  meanLatencyMs: z.number().nullable(),
  error: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type EvalRunView = z.infer<typeof evalRunView>;
export const evalRunList = z.object({ data: z.array(evalRunView) });

export const evalRunListQuery = z.object({
  prompt: promptName.optional(),
  dataset: datasetName.optional(),
  status: evalRunStatus.optional(),
  limit: int4FromText.pipe(z.number().min(1).max(200)).default(50),
});

export const evalResultView = z.object({
  position: z.number().int(),
  variables: z.record(z.string(), z.unknown()),
  expected: z.unknown().optional(),
  executionId: z.uuid(),
  status: z.enum(['success', 'error']),
  output: z.string().nullable(),
  latencyMs: z.number().int().nullable(),
  costUsd: usd.nullable(),
  scores: z.record(z.string(), evalScoreView),
  composite: z.number().nullable(),
  error: z.string().nullable(),
});
export type EvalResultView = z.infer<typeof evalResultView>;
export const evalResultList = z.object({ data: z.array(evalResultView) });

// Comparison: the first run is the baseline; each other run is compared with it item by item.
export const comparisonQuery = z.object({
  runs: z
    .string()
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(z.uuid()).min(2, 'name at least two runs').max(6)),
  /** The significance level of the verdicts (and of the intervals, at 1 − alpha). */
  alpha: z.coerce.number().gt(0).lt(0.5).default(0.05),
});

const interval = z.tuple([z.number(), z.number()]);

export const evaluatorComparison = z.object({
  evaluator: z.string(),
  kind: z.enum(['binary', 'score']),
  /** Items both runs scored. */
  n: z.number().int(),
  baselineMean: z.number().nullable(),
  candidateMean: z.number().nullable(),
  /** candidate − baseline */
  meanDifference: z.number().nullable(),
  bootstrapCi: interval.nullable(),
  pairedT: z.object({ t: z.number(), df: z.number(), pValue: z.number() }).nullable(),
  wilcoxon: z.object({ statistic: z.number(), pValue: z.number(), method: z.enum(['exact', 'normal']) }).nullable(),
  mcnemar: z.object({ improved: z.number().int(), worsened: z.number().int(), pValue: z.number(), method: z.enum(['exact', 'chi-square']) }).nullable(),
  /** The test the verdict uses (McNemar for binary, Wilcoxon for scores), Holm-adjusted across evaluators. */
  pValue: z.number().nullable(),
  adjustedPValue: z.number().nullable(),
  verdict: z.enum(['better', 'worse', 'no difference', 'not enough data']),
});

export const runComparison = z.object({
  baselineRunId: z.uuid(),
  candidateRunId: z.uuid(),
  evaluators: z.array(evaluatorComparison),
  latency: z.object({ n: z.number().int(), meanDifferenceMs: z.number().nullable(), ci: interval.nullable(), pValue: z.number().nullable() }),
  cost: z.object({
    n: z.number().int(),
    meanDifferenceUsd: z.number().nullable(),
    ci: interval.nullable(),
    pValue: z.number().nullable(),
    /** Executions of the prompt in production over the last 30 days (eval and playground runs excluded). */
    monthlyVolume: z.number().int(),
    projectedMonthlyDifferenceUsd: z.number().nullable(),
    projectedMonthlyCi: interval.nullable(),
  }),
  /** Items left out because either run failed on them. */
  excludedItems: z.number().int(),
});
export type RunComparison = z.infer<typeof runComparison>;

export const comparisonView = z.object({
  datasetVersion: z.object({ dataset: z.string(), version: z.number().int() }),
  runs: z.array(evalRunView),
  comparisons: z.array(runComparison),
  alpha: z.number(),
});
export type ComparisonView = z.infer<typeof comparisonView>;

// Gates: moving `production` needs a passing run.
export const gateInput = z
  .object({
    dataset: datasetName,
    datasetVersion: versionNumber.nullable().default(null),
    alpha: z.number().gt(0).lt(0.5).default(0.05),
    enabled: z.boolean().default(true),
  })
  .strict();

export const gateView = z.object({
  prompt: z.string(),
  dataset: z.string(),
  datasetVersion: z.number().int().nullable(),
  alpha: z.number(),
  enabled: z.boolean(),
  updatedBy: z.string(),
  updatedAt: z.string(),
});
export type GateView = z.infer<typeof gateView>;

export const gateCheckQuery = z.object({ version: int4FromText.pipe(z.number().min(1)) });

export const gateCheck = z.object({
  prompt: z.string(),
  version: z.number().int(),
  pass: z.boolean(),
  /** Why, for a person: which run compared with which, and which evaluators are worse. */
  reason: z.string(),
  productionVersion: z.number().int().nullable(),
  dataset: z.string(),
  datasetVersion: z.number().int(),
  candidateRunId: z.uuid().nullable(),
  baselineRunId: z.uuid().nullable(),
  worse: z.array(z.string()),
  comparison: runComparison.nullable(),
});
export type GateCheck = z.infer<typeof gateCheck>;

// Human scores: from the console (or the API) on any execution.
export const humanScoreInput = z.discriminatedUnion('name', [
  z.object({ name: z.literal('thumbs'), value: z.union([z.literal(0), z.literal(1)]), comment: z.string().max(2000).default('') }).strict(),
  z.object({ name: z.literal('rating'), value: z.number().int().min(1).max(5), comment: z.string().max(2000).default('') }).strict(),
]);
export type HumanScoreInput = z.input<typeof humanScoreInput>;

export const humanScoreView = z.object({
  executionId: z.uuid(),
  name: z.enum(['thumbs', 'rating']),
  value: z.number(),
  comment: z.string(),
  scoredBy: z.string(),
  updatedAt: z.string(),
});
export type HumanScoreView = z.infer<typeof humanScoreView>;

// Added with the API: the path parameter of /eval-runs/{runId} and the list of an execution's human scores.
export const evalRunId = z.uuid('an eval run id is a UUID');
export const humanScoreList = z.object({ data: z.array(humanScoreView) });
