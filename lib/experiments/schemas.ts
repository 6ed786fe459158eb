import { z } from 'zod';
import { versionNumber } from '@/lib/api/int4';
import { modelConfig, promptName } from '@/lib/prompts/schemas';
import { targetingCondition } from './targeting';

export const experimentKey = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9\-_]*$/, 'lowercase letters, digits, - and _ only');

const variantKey = z
  .string()
  .min(1)
  .max(32)
  .regex(/^[a-z0-9][a-z0-9\-_]*$/, 'lowercase letters, digits, - and _ only');

export const metricName = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9\-_.]*$/, 'lowercase letters, digits, -, _ and . only');

export const metricSpec = z.object({
  name: metricName,
  type: z.enum(['binary', 'continuous']),
  direction: z.enum(['increase', 'decrease']).default('increase'),
  per: z
    .enum(['unit', 'execution'])
    .optional()
    .describe("'unit' (default): one value per unit, n = units; 'execution': a ratio metric over the units' executions (delta method)"),
  aggregate: z
    .enum(['mean', 'sum'])
    .optional()
    .describe("continuous per-unit metrics: the unit's mean of its values (default) or their sum (units without a value count 0)"),
});

export const guardrailSpec = metricSpec.extend({
  // Tolerated relative degradation, e.g. 0.05 = the metric may get 5% worse.
  tolerance: z.number().min(0).max(10).default(0.05),
});

export const variantInput = z.object({
  key: variantKey,
  version: versionNumber,
  weight: z.number().positive().max(1_000),
  control: z.boolean().optional(),
  modelConfig: modelConfig.optional(),
});

const experimentFields = {
  name: z.string().trim().min(1).max(200),
  hypothesis: z.string().max(4_000).default(''),
  variants: z.array(variantInput).min(2, 'an experiment needs 2 to 8 variants').max(8, 'an experiment needs 2 to 8 variants'),
  coverage: z.number().min(0).max(1).default(1),
  salt: z.string().min(1).max(128).optional(),
  primaryMetric: metricSpec,
  guardrailMetrics: z.array(guardrailSpec).max(10).default([]),
  minSampleSize: z.number().int().min(1).max(100_000_000).default(100),
  alpha: z.number().gt(0).lt(0.5).default(0.05),
  method: z.enum(['frequentist', 'sequential', 'bayesian']).default('sequential'),
  // null (or absent): every unit in coverage takes part. Changes only in draft.
  targeting: targetingCondition.nullable().optional(),
};

function checkVariants(v: { variants: { key: string; control?: boolean }[] }, ctx: z.RefinementCtx) {
  const keys = v.variants.map((x) => x.key);
  if (new Set(keys).size !== keys.length) ctx.addIssue({ code: 'custom', path: ['variants'], message: 'variant keys must be unique' });
  if (v.variants.filter((x) => x.control).length > 1) {
    ctx.addIssue({ code: 'custom', path: ['variants'], message: 'only one variant can be the control' });
  }
}

export const newExperimentInput = z
  .object({ key: experimentKey, prompt: promptName, ...experimentFields })
  .superRefine(checkVariants);

// No defaults here: zod 4 fills a default in even inside .partial(), so an edit of the name
// alone would reset alpha, method and the rest, and "change" coverage on a running experiment.
export const editExperimentInput = z
  .object({
    ...experimentFields,
    hypothesis: experimentFields.hypothesis.unwrap(),
    coverage: experimentFields.coverage.unwrap(),
    guardrailMetrics: experimentFields.guardrailMetrics.unwrap(),
    minSampleSize: experimentFields.minSampleSize.unwrap(),
    alpha: experimentFields.alpha.unwrap(),
    method: experimentFields.method.unwrap(),
  })
  .partial()
  .superRefine((v, ctx) => {
    if (v.variants) checkVariants({ variants: v.variants }, ctx);
  });

export const experimentTransition = z.enum(['start', 'pause', 'complete']);
export type ExperimentTransition = z.infer<typeof experimentTransition>;

export const winnerInput = z.object({ variant: variantKey });

export type NewExperimentInput = z.infer<typeof newExperimentInput>;
export type EditExperimentInput = z.infer<typeof editExperimentInput>;

export const listExperimentsQuery = z.object({
  status: z.enum(['draft', 'running', 'paused', 'completed']).optional(),
  prompt: promptName.optional(),
});

export const resultsQuery = z.object({
  segment: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/, 'an attribute name: a letter or _, then letters, digits, _, . or -, at most 64')
    .optional()
    .describe('break the primary metric down by this attribute (as sent in `attributes` on resolve)'),
});
