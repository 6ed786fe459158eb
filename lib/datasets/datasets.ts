import type { z } from 'zod';
import { getDb, type Conn } from '@/db/client';
import * as q from '@/db/queries/datasets';
import { getExecutionById } from '@/db/queries/executions';
import { fromZodError, VersoError } from '@/lib/api/errors';
import { assertStorable } from '@/lib/api/storable';
import { audit } from '@/lib/audit/audit';
import { assertRole, type Actor } from '@/lib/auth/roles';
import { newId } from '@/lib/ids';
import { datasetName, itemFromExecutionInput, newDatasetInput, newDatasetVersionInput } from './schemas';

export type DatasetItemInput = { variables: Record<string, unknown>; expected?: unknown; metadata?: Record<string, unknown> };
export type DatasetItemView = DatasetItemInput & { position: number; sourceExecutionId: string | null };
export type DatasetVersionView = { version: number; itemCount: number; message: string; createdBy: string; createdAt: string };
export type DatasetSummary = { name: string; description: string; latestVersion: number; itemCount: number; createdBy: string; createdAt: string };
export type DatasetView = DatasetSummary & { versions: DatasetVersionView[] }; // newest first

type NewItem = DatasetItemInput & { sourceExecutionId?: string };

// Every change writes a new version holding all of its items (the previous ones copied, then the
// change), so that "version N" names the same cases forever; the database refuses edits.

/** `conn` may be an open transaction: the work then joins it (as a savepoint) and commits with it. */
export async function createDataset(
  actor: Actor,
  input: { name: string; description?: string; items?: DatasetItemInput[]; message?: string },
  conn: Conn = getDb(),
): Promise<DatasetView> {
  assertRole(actor, 'editor', 'Creating a dataset');
  const parsed = parse(newDatasetInput, input);
  assertStorable(parsed.items, 'items');
  return conn.transaction(async (tx) => {
    const dataset = await q.insertDataset(tx, { id: newId(), name: parsed.name, description: parsed.description, createdBy: actor.name });
    if (!dataset) throw new VersoError('conflict', `A dataset named "${parsed.name}" already exists.`);
    await audit(tx, actor, 'dataset.created', { type: 'dataset', id: dataset.name }, null, { name: dataset.name, description: dataset.description });
    await writeVersion(tx, actor, dataset, parsed.items, 'replace', parsed.message);
    return viewOf(tx, dataset);
  });
}

export async function addDatasetVersion(
  actor: Actor,
  name: string,
  // basedOn: the version the caller's items were edited from; a newer one saved meanwhile is a conflict, not lost.
  input: { items: DatasetItemInput[]; mode: 'append' | 'replace'; message?: string; basedOn?: number },
  conn: Conn = getDb(),
): Promise<DatasetVersionView> {
  assertRole(actor, 'editor', 'Saving a dataset version');
  const parsed = parse(newDatasetVersionInput, input);
  assertStorable(parsed.items, 'items');
  return conn.transaction(async (tx) => {
    const dataset = await findDatasetOrThrow(tx, name, true);
    if (input.basedOn !== undefined) {
      const latest = (await q.getLatestVersion(tx, dataset.id))?.version ?? 0;
      if (latest !== input.basedOn) {
        throw new VersoError('conflict', `Version ${latest} was saved after you opened version ${input.basedOn}; reload to edit the latest.`);
      }
    }
    return writeVersion(tx, actor, dataset, parsed.items, parsed.mode, parsed.message);
  });
}

/** Appends an execution's variables as a case; `expected` is what the output should have been. */
export async function addItemFromExecution(
  actor: Actor,
  name: string,
  input: { executionId: string; expected?: unknown },
  conn: Conn = getDb(),
): Promise<DatasetVersionView> {
  assertRole(actor, 'editor', 'Adding to a dataset');
  const parsed = parse(itemFromExecutionInput, input);
  assertStorable(parsed.expected, 'expected');
  return conn.transaction(async (tx) => {
    const dataset = await findDatasetOrThrow(tx, name, true);
    const execution = await getExecutionById(tx, parsed.executionId);
    if (!execution) throw new VersoError('not_found', `No execution ${parsed.executionId}.`);
    const item: NewItem = {
      variables: execution.variables,
      expected: parsed.expected ?? null,
      metadata: { executionId: execution.id, prompt: execution.promptName, version: execution.version },
      sourceExecutionId: execution.id,
    };
    return writeVersion(tx, actor, dataset, [item], 'append', `Added from execution ${execution.id}`);
  });
}

export async function listDatasets(): Promise<DatasetSummary[]> {
  const conn = getDb();
  const [rows, latest] = await Promise.all([q.listDatasets(conn), q.latestVersions(conn)]);
  const byDataset = new Map(latest.map((v) => [v.datasetId, v]));
  return rows.map((d) => summaryOf(d, byDataset.get(d.id)));
}

export async function getDataset(name: string): Promise<DatasetView> {
  const conn = getDb();
  return viewOf(conn, await findDatasetOrThrow(conn, name));
}

/** The items of a version, in order; the latest version when `version` is left out. */
export async function listDatasetItems(name: string, version?: number): Promise<{ version: number; items: DatasetItemView[] }> {
  const conn = getDb();
  const dataset = await findDatasetOrThrow(conn, name);
  const row = version === undefined ? await q.getLatestVersion(conn, dataset.id) : await q.getVersion(conn, dataset.id, version);
  if (!row) throw new VersoError('not_found', `Dataset "${name}" has no version ${version}.`);
  const items = await q.listItems(conn, dataset.id, row.version);
  return { version: row.version, items: items.map(itemView) };
}

async function writeVersion(tx: Conn, actor: Actor, dataset: q.DatasetRow, items: NewItem[], mode: 'append' | 'replace', message: string) {
  const latest = await q.getLatestVersion(tx, dataset.id);
  const version = (latest?.version ?? 0) + 1;
  const kept = mode === 'append' && latest ? latest.itemCount : 0;
  const row = await q.insertVersion(tx, { datasetId: dataset.id, version, itemCount: kept + items.length, message, createdBy: actor.name });
  if (kept > 0) await q.copyItems(tx, dataset.id, latest!.version, version);
  await q.insertItems(
    tx,
    items.map((item, i) => ({
      datasetId: dataset.id,
      version,
      position: kept + i + 1,
      variables: item.variables,
      expected: item.expected ?? null,
      metadata: item.metadata ?? null,
      sourceExecutionId: item.sourceExecutionId ?? null,
    })),
  );
  await audit(
    tx,
    actor,
    'dataset.version_created',
    { type: 'dataset', id: dataset.name },
    latest ? { version: latest.version, itemCount: latest.itemCount } : null,
    { version, itemCount: row.itemCount, mode, added: items.length, message },
  );
  return versionView(row);
}

async function findDatasetOrThrow(conn: Conn, name: string, lock = false): Promise<q.DatasetRow> {
  // A name that breaks the rules cannot exist: 404 like any unknown one.
  const row = datasetName.safeParse(name).success ? await (lock ? q.lockDatasetByName(conn, name) : q.getDatasetByName(conn, name)) : undefined;
  if (!row) throw new VersoError('not_found', `No dataset named "${name}".`);
  return row;
}

async function viewOf(conn: Conn, dataset: q.DatasetRow): Promise<DatasetView> {
  const versions = await q.listVersions(conn, dataset.id);
  return { ...summaryOf(dataset, versions[0]), versions: versions.map(versionView) };
}

const summaryOf = (d: q.DatasetRow, latest: q.DatasetVersionRow | undefined): DatasetSummary => ({
  name: d.name,
  description: d.description,
  latestVersion: latest?.version ?? 0,
  itemCount: latest?.itemCount ?? 0,
  createdBy: d.createdBy,
  createdAt: d.createdAt.toISOString(),
});

const versionView = (v: q.DatasetVersionRow): DatasetVersionView => ({
  version: v.version,
  itemCount: v.itemCount,
  message: v.message,
  createdBy: v.createdBy,
  createdAt: v.createdAt.toISOString(),
});

const itemView = (row: q.DatasetItemRow): DatasetItemView => ({
  position: row.position,
  variables: row.variables,
  ...(row.expected !== null && row.expected !== undefined ? { expected: row.expected } : {}),
  ...(row.metadata ? { metadata: row.metadata } : {}),
  sourceExecutionId: row.sourceExecutionId,
});

function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw fromZodError(result.error);
  return result.data;
}
