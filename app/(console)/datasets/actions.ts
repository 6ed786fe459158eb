'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { action } from '@/lib/auth/action';
import { addDatasetVersion, addItemFromExecution, createDataset } from '@/lib/datasets/datasets';
import { parseDatasetItems } from '@/lib/datasets/formats';
import { datasetItemInput, datasetName, MAX_ITEMS_PER_CALL } from '@/lib/datasets/schemas';

// The list shows every dataset's latest version and size, so any change refreshes the whole section.
const refreshDatasets = () => revalidatePath('/datasets', 'layout');

// Pasted text is parsed on the server with the same parser as the API, so the console and the
// API accept exactly the same files. Next refuses action bodies over 1 MB before this runs.
const pasted = {
  text: z.string().max(1_000_000, 'at most 1 MB of text: use the API for larger files'),
  format: z.enum(['csv', 'jsonl']),
};

export const createDatasetAction = action(
  {
    input: z.object({ name: datasetName, description: z.string().max(2000).default(''), message: z.string().max(500).optional(), ...pasted }),
    role: 'editor',
  },
  async (actor, { name, description, message, text, format }) => {
    // An empty paste is a dataset with no items yet; version 1 is still written.
    const items = text.trim() === '' ? [] : parseDatasetItems(text, format);
    const dataset = await createDataset(actor, { name, description, items, message });
    refreshDatasets();
    return { name: dataset.name };
  },
);

export const addDatasetItemsAction = action(
  {
    input: z.object({ name: datasetName, mode: z.enum(['append', 'replace']), message: z.string().max(500).optional(), ...pasted }),
    role: 'editor',
  },
  async (actor, { name, mode, message, text, format }) => {
    const items = parseDatasetItems(text, format);
    const version = await addDatasetVersion(actor, name, { items, mode, message });
    refreshDatasets();
    return { version: version.version, itemCount: version.itemCount };
  },
);

export const addExecutionToDatasetAction = action(
  { input: z.object({ name: datasetName, executionId: z.string().uuid(), expected: z.string().max(100_000).optional() }), role: 'editor' },
  async (actor, { name, executionId, expected }) => {
    // An empty box means "no expected output", not an empty string to compare against.
    const version = await addItemFromExecution(actor, name, { executionId, expected: expected?.trim() ? expected : undefined });
    refreshDatasets();
    return { version: version.version, itemCount: version.itemCount };
  },
);

// The table editor sends items, not text: the same item schema as the API, checked again by the service.
const tableItems = z.array(datasetItemInput).max(MAX_ITEMS_PER_CALL, `at most ${MAX_ITEMS_PER_CALL} items at a time`);

export const createDatasetFromTableAction = action(
  { input: z.object({ name: datasetName, description: z.string().max(2000).default(''), items: tableItems }), role: 'editor' },
  async (actor, { name, description, items }) => {
    const dataset = await createDataset(actor, { name, description, items });
    refreshDatasets();
    return { name: dataset.name };
  },
);

export const saveDatasetTableAction = action(
  {
    input: z.object({ name: datasetName, basedOn: z.number().int().min(1), items: tableItems, message: z.string().max(500).optional() }),
    role: 'editor',
  },
  async (actor, { name, basedOn, items, message }) => {
    // The table is the whole new version: it replaces the items of the version it was opened from.
    const version = await addDatasetVersion(actor, name, { items, mode: 'replace', message, basedOn });
    refreshDatasets();
    return { version: version.version, itemCount: version.itemCount };
  },
);
