import { customType, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

// Any JSON value, read back as it was written. drizzle's jsonb() JSON.parses a string it reads
// although both drivers (postgres-js, PGlite) have parsed the jsonb already, so the stored string
// "4" came back as the number 4 (and "null" as nothing). Objects never hit this; a top-level
// scalar like an expected output does.
const jsonValue = customType<{ data: unknown; driverData: unknown }>({
  dataType: () => 'jsonb',
  toDriver: (value) => JSON.stringify(value),
  fromDriver: (value) => value,
});

// Offline evaluation's fixed cases. A dataset has numbered versions; each version is a full,
// immutable snapshot of its items (a trigger in the migrations refuses UPDATE and DELETE), so a
// run over "version 3" means the same cases forever, as a prompt version means the same text.
export const datasets = pgTable('datasets', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull().unique(),
  description: text('description').notNull().default(''),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const datasetVersions = pgTable(
  'dataset_versions',
  {
    datasetId: uuid('dataset_id')
      .notNull()
      .references(() => datasets.id),
    version: integer('version').notNull(),
    itemCount: integer('item_count').notNull(),
    message: text('message').notNull().default(''),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.datasetId, t.version] })],
);

export const datasetItems = pgTable(
  'dataset_items',
  {
    datasetId: uuid('dataset_id').notNull(),
    version: integer('version').notNull(),
    position: integer('position').notNull(),
    variables: jsonb('variables').$type<Record<string, unknown>>().notNull(),
    expected: jsonValue('expected'),
    metadata: jsonb('metadata').$type<Record<string, unknown>>(),
    // The execution an item was added from ("add to dataset"), if any.
    sourceExecutionId: uuid('source_execution_id'),
  },
  (t) => [primaryKey({ columns: [t.datasetId, t.version, t.position] })],
);
