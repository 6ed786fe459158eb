import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';

export const promptTypes = ['text', 'chat'] as const;

export type ChatMessage = { role: 'system' | 'user' | 'assistant'; content: string };
export type VariableSpec = {
  name: string;
  required: boolean;
  type: 'string' | 'number' | 'boolean' | 'json';
  default?: unknown;
  description?: string;
};
export type ModelConfig = {
  provider?: string;
  model?: string;
  temperature?: number;
  maxTokens?: number;
  topP?: number;
  stop?: string[];
  extra?: Record<string, unknown>;
};

export const prompts = pgTable(
  'prompts',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull().unique(),
    description: text('description').notNull().default(''),
    category: text('category'),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('prompts_category_idx').on(t.category)],
);

// Rows are never updated or deleted: a trigger in the migrations refuses both.
export const promptVersions = pgTable(
  'prompt_versions',
  {
    id: uuid('id').primaryKey(),
    promptId: uuid('prompt_id')
      .notNull()
      .references(() => prompts.id),
    version: integer('version').notNull(),
    type: text('type', { enum: promptTypes }).notNull(),
    template: text('template'),
    messages: jsonb('messages').$type<ChatMessage[]>(),
    variables: jsonb('variables').$type<VariableSpec[]>().notNull(),
    modelConfig: jsonb('model_config').$type<ModelConfig>().notNull(),
    commitMessage: text('commit_message').notNull().default(''),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('prompt_versions_prompt_version_uq').on(t.promptId, t.version)],
);

export const labels = pgTable(
  'labels',
  {
    promptId: uuid('prompt_id')
      .notNull()
      .references(() => prompts.id),
    name: text('name').notNull(),
    version: integer('version').notNull(),
    updatedBy: text('updated_by').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.promptId, t.name] }), index('labels_name_idx').on(t.name)],
);

export const labelMoves = pgTable(
  'label_moves',
  {
    id: uuid('id').primaryKey(),
    // Commit order: two moves in one millisecond (or one transaction) keep their order.
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
    promptId: uuid('prompt_id')
      .notNull()
      .references(() => prompts.id),
    label: text('label').notNull(),
    fromVersion: integer('from_version'),
    toVersion: integer('to_version').notNull(),
    movedBy: text('moved_by').notNull(),
    reason: text('reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('label_moves_prompt_idx').on(t.promptId, t.createdAt), index('label_moves_prompt_seq_idx').on(t.promptId, t.seq)],
);
