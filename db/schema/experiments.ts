import { sql } from 'drizzle-orm';
import { boolean, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { ModelConfig } from './prompts';
import { prompts } from './prompts';

export const experimentStatuses = ['draft', 'running', 'paused', 'completed'] as const;
export const analysisMethods = ['frequentist', 'sequential', 'bayesian'] as const;

/**
 * `per`: 'unit' (default) aggregates each unit's executions into one value (binary: any positive;
 * continuous: `aggregate`, the unit's mean (default) or sum), so n counts units; 'execution' is a
 * ratio metric (Σ numerator / Σ denominator over units, delta method): the share of executions
 * that converted, or the mean value per reporting execution.
 */
export type MetricSpec = {
  name: string;
  type: 'binary' | 'continuous';
  direction: 'increase' | 'decrease';
  per?: 'unit' | 'execution';
  aggregate?: 'mean' | 'sum';
};
/** A GrowthBook condition (MongoDB-style query over the unit's attributes). */
export type TargetingCondition = Record<string, unknown>;
export type GuardrailSpec = MetricSpec & { tolerance: number };

export const experiments = pgTable(
  'experiments',
  {
    id: uuid('id').primaryKey(),
    key: text('key').notNull().unique(),
    name: text('name').notNull(),
    hypothesis: text('hypothesis').notNull().default(''),
    promptId: uuid('prompt_id')
      .notNull()
      .references(() => prompts.id),
    status: text('status', { enum: experimentStatuses }).notNull().default('draft'),
    coverage: doublePrecision('coverage').notNull().default(1),
    salt: text('salt').notNull(),
    primaryMetric: jsonb('primary_metric').$type<MetricSpec>().notNull(),
    guardrailMetrics: jsonb('guardrail_metrics').$type<GuardrailSpec[]>().notNull().default([]),
    minSampleSize: integer('min_sample_size').notNull().default(100),
    alpha: doublePrecision('alpha').notNull().default(0.05),
    // Sequential by default: results are watched live, and only always-valid intervals allow that.
    method: text('method', { enum: analysisMethods }).notNull().default('sequential'),
    // Fixed when the experiment starts (2 × minimum sample), never from the data seen.
    sequentialTuning: doublePrecision('sequential_tuning'),
    // Only units whose attributes match take part; null = everyone in coverage.
    targeting: jsonb('targeting').$type<TargetingCondition>(),
    winner: text('winner'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    stoppedAt: timestamp('stopped_at', { withTimezone: true }),
  },
  (t) => [
    // At most one running experiment per prompt, whatever races the application loses.
    uniqueIndex('experiments_one_running_per_prompt').on(t.promptId).where(sql`status = 'running'`),
    index('experiments_prompt_idx').on(t.promptId),
  ],
);

export const experimentVariants = pgTable(
  'experiment_variants',
  {
    experimentId: uuid('experiment_id')
      .notNull()
      .references(() => experiments.id),
    key: text('key').notNull(),
    position: integer('position').notNull(),
    version: integer('version').notNull(),
    weight: doublePrecision('weight').notNull(),
    isControl: boolean('is_control').notNull().default(false),
    modelConfig: jsonb('model_config').$type<ModelConfig>(),
  },
  (t) => [primaryKey({ columns: [t.experimentId, t.key] })],
);
