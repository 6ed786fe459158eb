import { sql } from 'drizzle-orm';
import { boolean, doublePrecision, foreignKey, index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { datasets, datasetVersions } from './datasets';
import { prompts, type ModelConfig } from './prompts';

export const evalRunStatuses = ['queued', 'running', 'completed', 'cancelled', 'failed'] as const;
export type EvalRunStatus = (typeof evalRunStatuses)[number];

/** What one evaluator said about one item: a score, pass/fail where it has one, and why. */
export type EvalScore = {
  score: number | null;
  pass: boolean | null;
  reason?: string;
  /** Set when the evaluator itself failed (a judge that did not answer, an unparseable verdict). */
  error?: string;
  /** The judge's own execution, for a judge. */
  judgeExecutionId?: string;
};

// One offline run: a prompt version (with its model, or another) over one dataset version, scored
// by a fixed list of evaluators. Its progress is the count of its results: no counter row that
// 32 concurrent items would fight over. A worker holds the run by a lease it renews; a lease
// that runs out (the worker crashed) lets another worker resume where the results stop.
export const evalRuns = pgTable(
  'eval_runs',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull().default(''),
    datasetId: uuid('dataset_id').notNull(),
    datasetVersion: integer('dataset_version').notNull(),
    promptId: uuid('prompt_id')
      .notNull()
      .references(() => prompts.id),
    promptName: text('prompt_name').notNull(),
    version: integer('version').notNull(),
    /** The model config the items are run with: the version's, merged with the run's override. */
    modelConfig: jsonb('model_config').$type<ModelConfig>().notNull(),
    /** The override as asked for; null when the run uses the version's own model. */
    modelOverride: jsonb('model_override').$type<ModelConfig>(),
    /** EvaluatorSpec[] (lib/evals/schemas.ts), fixed at creation. */
    evaluators: jsonb('evaluators').$type<unknown[]>().notNull(),
    concurrency: integer('concurrency').notNull(),
    requestsPerMinute: integer('requests_per_minute'),
    status: text('status', { enum: evalRunStatuses }).notNull().default('queued'),
    itemCount: integer('item_count').notNull(),
    leaseOwner: text('lease_owner'),
    leaseExpiresAt: timestamp('lease_expires_at', { withTimezone: true }),
    error: text('error'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    foreignKey({ columns: [t.datasetId, t.datasetVersion], foreignColumns: [datasetVersions.datasetId, datasetVersions.version] }),
    index('eval_runs_prompt_idx').on(t.promptId, t.version, t.datasetId, t.datasetVersion),
    index('eval_runs_created_idx').on(t.createdAt),
    // Workers look only at runs that are not finished.
    index('eval_runs_open_idx').on(t.leaseExpiresAt).where(sql`${t.status} in ('queued', 'running')`),
  ],
);

// One item's outcome in a run, written once, in the same transaction as its execution and its
// metrics: the primary key is what makes a resumed run skip what is done and never record twice.
export const evalResults = pgTable(
  'eval_results',
  {
    runId: uuid('run_id')
      .notNull()
      .references(() => evalRuns.id),
    position: integer('position').notNull(),
    executionId: uuid('execution_id').notNull(),
    status: text('status', { enum: ['success', 'error'] }).notNull(),
    output: text('output'),
    latencyMs: integer('latency_ms'),
    costUsd: numeric('cost_usd', { precision: 20, scale: 10 }),
    /** What the judges cost, apart from the item's own call. */
    judgeCostUsd: numeric('judge_cost_usd', { precision: 20, scale: 10 }),
    scores: jsonb('scores').$type<Record<string, EvalScore>>().notNull(),
    /** The weighted composite of the normalised scores (0–1); null when no evaluator scored. */
    composite: doublePrecision('composite'),
    error: text('error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.position] })],
);

// A prompt whose `production` label may move only to a version that passed an eval against the
// version in production: no evaluator significantly worse on this dataset.
export const evalGates = pgTable('eval_gates', {
  promptId: uuid('prompt_id')
    .primaryKey()
    .references(() => prompts.id),
  datasetId: uuid('dataset_id')
    .notNull()
    .references(() => datasets.id),
  /** Null: the dataset's latest version at the time of the check. */
  datasetVersion: integer('dataset_version'),
  alpha: doublePrecision('alpha').notNull().default(0.05),
  enabled: boolean('enabled').notNull().default(true),
  updatedBy: text('updated_by').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

// A person's verdict on an execution (thumbs or a 1–5 rating, with a comment). The value is also
// the execution's metric of the same name, so it counts in experiments like any outcome.
export const humanScores = pgTable(
  'human_scores',
  {
    executionId: uuid('execution_id').notNull(),
    name: text('name', { enum: ['thumbs', 'rating'] }).notNull(),
    value: doublePrecision('value').notNull(),
    comment: text('comment').notNull().default(''),
    scoredBy: text('scored_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.executionId, t.name] })],
);

export type EvalRunRow = typeof evalRuns.$inferSelect;
export type EvalResultRow = typeof evalResults.$inferSelect;
export type EvalGateRow = typeof evalGates.$inferSelect;
export type HumanScoreRow = typeof humanScores.$inferSelect;
