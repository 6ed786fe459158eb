import { boolean, integer, numeric, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const providerIds = ['openai', 'anthropic', 'groq', 'openai-compatible'] as const;
export type ProviderId = (typeof providerIds)[number];

// The model catalog: what a call costs. Prices are USD per million tokens, exact decimals
// (numeric, read and written as strings), never floats.
export const models = pgTable(
  'models',
  {
    id: uuid('id').primaryKey(),
    provider: text('provider', { enum: providerIds }).notNull(),
    model: text('model').notNull(),
    displayName: text('display_name').notNull(),
    inputPerMillion: numeric('input_per_million', { precision: 20, scale: 10 }).notNull(),
    outputPerMillion: numeric('output_per_million', { precision: 20, scale: 10 }).notNull(),
    contextWindow: integer('context_window'),
    active: boolean('active').notNull().default(true),
    custom: boolean('custom').notNull().default(false),
    // Where the price came from and when, shown in the console next to it.
    priceSource: text('price_source').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('models_provider_model_idx').on(t.provider, t.model)],
);

export type ModelRow = typeof models.$inferSelect;
