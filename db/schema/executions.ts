import { sql } from 'drizzle-orm';
import { boolean, check, doublePrecision, index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const executionStatuses = ['resolved', 'success', 'error', 'timeout'] as const;
// resolve: the app renders and calls the model itself; run: Verso called the model;
// gateway: the OpenAI-compatible endpoint with a prompt; proxy: the gateway with a plain model,
// no prompt; playground: a run from the console; eval: an item of an offline eval run (or its judge);
// sdk: served by an SDK from the serving snapshot and reported afterwards (POST /events).
export const executionSources = ['resolve', 'run', 'gateway', 'proxy', 'playground', 'eval', 'sdk'] as const;

// No foreign keys on the hot tables: executions are written in batches on the serving path,
// and every id they hold was read from the registry a moment before.
export const executions = pgTable(
  'executions',
  {
    id: uuid('id').primaryKey(),
    // Null only for proxy calls through the gateway, which name a model and no prompt.
    promptId: uuid('prompt_id'),
    promptName: text('prompt_name'),
    version: integer('version'),
    label: text('label'),
    experimentId: uuid('experiment_id'),
    variant: text('variant'),
    unitId: text('unit_id'),
    sticky: boolean('sticky').notNull().default(true),
    status: text('status', { enum: executionStatuses }).notNull().default('resolved'),
    source: text('source', { enum: executionSources }).notNull().default('resolve'),
    variables: jsonb('variables').$type<Record<string, unknown>>().notNull(),
    metadata: jsonb('metadata').$type<Record<string, unknown>>(),
    // The unit's attributes as the application sent them (targeting, segments).
    attributes: jsonb('attributes').$type<Record<string, unknown>>(),
    sessionId: text('session_id'),
    // What was sent to the model (rendered prompt plus any appended messages); null for resolve.
    messages: jsonb('messages').$type<{ role: string; content: string }[]>(),
    provider: text('provider'),
    model: text('model'),
    latencyMs: integer('latency_ms'),
    inputTokens: integer('input_tokens'),
    outputTokens: integer('output_tokens'),
    // Money is exact: numeric, never a float.
    costUsd: numeric('cost_usd', { precision: 20, scale: 10 }),
    output: text('output'),
    error: text('error'),
    // The API key that served it (null from the console): only that key, or an admin, completes it.
    apiKeyId: uuid('api_key_id'),
    traceId: text('trace_id'),
    spanId: text('span_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [
    // Results group an experiment's executions by variant then unit: read in that order from the
    // index; the chart reads each unit's first time from it too, without the heap.
    index('executions_experiment_unit_idx').on(t.experimentId, t.variant, t.unitId, t.createdAt),
    index('executions_prompt_created_idx').on(t.promptId, t.createdAt),
    index('executions_created_idx').on(t.createdAt),
  ],
);

export const executionMetrics = pgTable(
  'execution_metrics',
  {
    executionId: uuid('execution_id').notNull(),
    name: text('name').notNull(),
    value: doublePrecision('value').notNull(),
    // Copied from the execution so that results aggregate one table by (experiment, variant).
    experimentId: uuid('experiment_id'),
    variant: text('variant'),
    // Copied too, so results group each unit's values without joining executions.
    unitId: text('unit_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.executionId, t.name] }),
    // Results group (experiment, metric) ranges by variant and unit: in this order, with the value
    // in the key, they stream from the index alone (once vacuumed), never hashed or sorted.
    index('execution_metrics_results_idx').on(t.experimentId, t.name, t.variant, t.unitId, t.value),
    // A binary metric needs only its positive values: the same order, without the zeros.
    index('execution_metrics_positive_idx').on(t.experimentId, t.name, t.variant, t.unitId, t.value).where(sql`${t.value} > 0`),
    // Squares of values up to 1e15 summed over a billion rows stay far from float8's limit,
    // so the results' aggregate cannot overflow.
    check('execution_metrics_value_range', sql`${t.value} between -1e15 and 1e15`),
  ],
);
