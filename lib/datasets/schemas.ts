import { z } from 'zod';
import { int4FromText, versionNumber } from '@/lib/api/int4';

// Dataset names are plain (no folders, unlike prompt names): one path segment in the API.
export const datasetName = z
  .string()
  .min(1, 'a name is required')
  .max(64, 'at most 64 characters')
  .regex(/^[a-z0-9][a-z0-9\-_.]*$/, 'lowercase letters, digits, -, _ and . only, starting with a letter or digit');

/** Items one request (or one import) may add: enough for an evaluation set, bounded for one transaction. */
export const MAX_ITEMS_PER_CALL = 10_000;

export const datasetItemInput = z
  .object({
    variables: z.record(z.string(), z.unknown()),
    expected: z.unknown().optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

const items = z.array(datasetItemInput).max(MAX_ITEMS_PER_CALL, `at most ${MAX_ITEMS_PER_CALL} items at a time`);
const message = z.string().max(2000).default('');

export const newDatasetInput = z.object({
  name: datasetName,
  description: z.string().max(2000).default(''),
  items: items.default([]),
  message,
});

export const datasetFormat = z.enum(['csv', 'jsonl']);
export const versionMode = z.enum(['append', 'replace']);

export const newDatasetVersionInput = z.object({ items, mode: versionMode, message });

/** A new version from items, or from the text of a CSV or JSONL file (an import). */
export const datasetVersionBody = z.union([
  newDatasetVersionInput.strict(),
  z.object({ content: z.string().max(1024 * 1024), format: datasetFormat, mode: versionMode, message }).strict(),
]);

export const itemFromExecutionInput = z.object({
  executionId: z.uuid('an execution id is a UUID'),
  expected: z.unknown().optional(),
});

export const datasetItemsQuery = z.object({
  version: int4FromText.pipe(versionNumber).optional(),
  format: z.enum(['json', 'csv', 'jsonl']).default('json'),
});

// What the API answers (the OpenAPI document is generated from these).
export const datasetVersionView = z.object({
  version: z.number().int(),
  itemCount: z.number().int(),
  message: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
});

export const datasetSummary = z.object({
  name: z.string(),
  description: z.string(),
  latestVersion: z.number().int(),
  itemCount: z.number().int().describe('items in the latest version'),
  createdBy: z.string(),
  createdAt: z.string(),
});

export const datasetView = datasetSummary.extend({ versions: z.array(datasetVersionView).describe('newest first') });
export const datasetList = z.object({ data: z.array(datasetSummary) });

export const datasetItemView = z.object({
  position: z.number().int().describe('1-based order within the version'),
  variables: z.record(z.string(), z.unknown()),
  expected: z.unknown().optional().describe('left out when the item has none'),
  metadata: z.record(z.string(), z.unknown()).optional().describe('left out when the item has none'),
  sourceExecutionId: z.string().nullable().describe('the execution the item was added from, if any'),
});

export const datasetItemsView = z.object({ version: z.number().int(), items: z.array(datasetItemView) });

export type NewDatasetInput = z.input<typeof newDatasetInput>;
export type DatasetFormat = z.infer<typeof datasetFormat>;
