import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Actor } from '@/lib/auth/roles';
import { VersoError } from '@/lib/api/errors';
import { versionNumber } from '@/lib/api/int4';
import { addDatasetVersion, createDataset, type DatasetItemInput, getDataset, listDatasetItems, listDatasets } from '@/lib/datasets/datasets';
import { formatDatasetItems, parseDatasetItems } from '@/lib/datasets/formats';
import { datasetFormat, datasetName, versionMode } from '@/lib/datasets/schemas';
import { ACTOR_HELP, actorInput, actorOption, cliActor } from '../actor';
import { CommandFailed, defineCommand, noArgs } from '../command';

const formatFromFile = (file: string) => (path.extname(file).toLowerCase() === '.jsonl' ? 'jsonl' : 'csv');

export const datasetImport = defineCommand({
  name: 'dataset import',
  summary: 'import a CSV or JSONL file as a new dataset version (creating the dataset if missing)',
  help: `Usage: npm run cli -- dataset import --name NAME --file FILE [--format csv|jsonl] [--mode append|replace] [--message MESSAGE] [--actor NAME]

Reads FILE and saves its items as a new version of dataset NAME; a dataset that does not
exist is created with them as version 1. The whole file is checked first: a malformed row
(CSV) or line (JSONL) is named and nothing is written.

CSV: a header row; the column "expected" is the expected output, columns "metadata.<key>"
go to metadata, every other column is a variable. Every cell is read as text.
JSONL: one {"variables": {...}, "expected": ..., "metadata": {...}} object a line.

Options:
  --name NAME        the dataset (lowercase letters, digits, -, _ and .)
  --file FILE        the file to read
  --format FORMAT    csv or jsonl (default: from the file's extension, .jsonl or else csv)
  --mode MODE        append (default: keep the latest version's items, add these) or replace
  --message MESSAGE  the version's message (default "Imported from <file>")
${ACTOR_HELP}`,
  options: { name: { type: 'string' }, file: { type: 'string' }, format: { type: 'string' }, mode: { type: 'string' }, message: { type: 'string' }, ...actorOption },
  input: actorInput.extend({
    args: noArgs,
    name: datasetName,
    file: z.string().min(1),
    format: datasetFormat.optional(),
    mode: versionMode.default('append'),
    message: z.string().min(1).max(2000).optional(),
  }),
  run: async ({ name, file, format, mode, message, actor }) => {
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (error) {
      throw new CommandFailed(`cannot read ${file}: ${(error as Error).message}`);
    }
    const items = parseDatasetItems(text, format ?? formatFromFile(file));
    const who = cliActor(actor);
    const msg = message ?? `Imported from ${path.basename(file)}`;
    const created = (await getDatasetOrNull(name)) ? null : await createIfMissing(name, items, msg, who);
    const saved = created ?? { ...(await addDatasetVersion(who, name, { items, mode, message: msg })), created: false };
    console.log(
      `${saved.created ? 'created' : mode === 'append' ? 'appended to' : 'replaced'} ${name}: version ${saved.version}, ${saved.itemCount} item${saved.itemCount === 1 ? '' : 's'} (${items.length} from ${file})`,
    );
  },
});

/** Null when another import created it a moment ago: the caller then adds a version. */
async function createIfMissing(name: string, items: DatasetItemInput[], message: string, actor: Actor) {
  try {
    const created = await createDataset(actor, { name, items, message });
    return { version: created.latestVersion, itemCount: created.itemCount, created: true };
  } catch (error) {
    if (error instanceof VersoError && error.code === 'conflict') return null;
    throw error;
  }
}

async function getDatasetOrNull(name: string) {
  try {
    return await getDataset(name);
  } catch (error) {
    if (error instanceof VersoError && error.code === 'not_found') return null;
    throw error;
  }
}

export const datasetExport = defineCommand({
  name: 'dataset export',
  summary: "write a dataset version's items to stdout as CSV or JSONL",
  help: `Usage: npm run cli -- dataset export --name NAME [--version N] [--format csv|jsonl]

Writes the items of a version (default: the latest) to stdout, in the format
"dataset import" reads back. CSV holds text: values that are not strings are written as JSON.

Options:
  --name NAME      the dataset
  --version N      which version (default: the latest)
  --format FORMAT  csv (default) or jsonl`,
  options: { name: { type: 'string' }, version: { type: 'string' }, format: { type: 'string' } },
  input: z.object({
    args: noArgs,
    name: datasetName,
    version: z.coerce.number().pipe(versionNumber).optional(),
    format: datasetFormat.default('csv'),
  }),
  run: async ({ name, version, format }) => {
    const { items } = await listDatasetItems(name, version);
    process.stdout.write(formatDatasetItems(items.map(({ variables, expected, metadata }) => ({ variables, expected, metadata })), format));
  },
});

export const datasetList = defineCommand({
  name: 'dataset list',
  summary: 'list datasets with their latest version',
  help: `Usage: npm run cli -- dataset list

One line a dataset: its name, latest version, item count and description.`,
  options: {},
  input: z.object({ args: noArgs }),
  run: async () => {
    const rows = await listDatasets();
    if (rows.length === 0) console.log('No datasets.');
    for (const d of rows) console.log(`${d.name}  v${d.latestVersion}  ${d.itemCount} item${d.itemCount === 1 ? '' : 's'}${d.description ? `  ${d.description}` : ''}`);
  },
});
