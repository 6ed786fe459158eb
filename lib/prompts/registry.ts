import { getDb, type Conn } from '@/db/client';
import * as q from '@/db/queries/prompts';
import { VersoError } from '@/lib/api/errors';
import { audit } from '@/lib/audit/audit';
import { assertRole, type Actor } from '@/lib/auth/roles';
import { newId } from '@/lib/ids';
import { pointLabel } from './labels';
import { findPromptOrThrow } from './lookup';
import { LATEST, type ListPromptsQuery, type NewPromptInput, type NewVersionInput } from './schemas';
import { compile, declareVariables } from './templates';
import { toVersionView, type VersionView } from './versions';
import { invalidateServing } from './serving';

export type PromptSummary = {
  name: string;
  description: string;
  category: string | null;
  tags: string[];
  latestVersion: number;
  labels: Record<string, number>;
  createdBy: string;
  createdAt: string;
};

/** `conn` may be an open transaction: the work then joins it (as a savepoint) and commits with it. */
export async function createPrompt(actor: Actor, input: NewPromptInput, conn: Conn = getDb()): Promise<VersionView> {
  assertRole(actor, 'editor', 'Creating a prompt');
  const result = await conn.transaction(async (tx) => {
    const prompt = await q.insertPrompt(tx, {
      id: newId(),
      name: input.name,
      description: input.description,
      category: input.category ?? null,
      tags: input.tags,
      createdBy: actor.name,
    });
    if (!prompt) throw new VersoError('conflict', `A prompt named "${input.name}" already exists.`);
    await audit(tx, actor, 'prompt.created', { type: 'prompt', id: prompt.name }, null, {
      name: prompt.name,
      description: prompt.description,
      category: prompt.category,
      tags: prompt.tags,
    });
    return insertVersion(tx, actor, prompt, input);
  });
  invalidateServing(input.name);
  return result;
}

export async function createVersion(actor: Actor, name: string, input: NewVersionInput, conn: Conn = getDb()): Promise<VersionView> {
  assertRole(actor, 'editor', 'Saving a version');
  const result = await conn.transaction(async (tx) => {
    const prompt = await findPromptOrThrow(tx, name, true);
    return insertVersion(tx, actor, prompt, input);
  });
  invalidateServing(name);
  return result;
}

/** Numbers, stores and audits a new version inside the caller's transaction (which holds the prompt's lock). */
export async function insertVersion(tx: Conn, actor: Actor, prompt: q.PromptRow, input: NewVersionInput) {
  const body = input.type === 'chat' ? { type: 'chat' as const, messages: input.messages } : { type: 'text' as const, template: input.template };
  const compiled = compile(body);
  const variables = declareVariables(compiled, input.variables);
  const latest = await q.getLatestVersion(tx, prompt.id);
  const row = await q.insertVersion(tx, {
    id: newId(),
    promptId: prompt.id,
    version: (latest?.version ?? 0) + 1,
    type: body.type,
    template: body.type === 'text' ? body.template : null,
    messages: body.type === 'chat' ? body.messages : null,
    variables,
    modelConfig: input.modelConfig,
    commitMessage: input.commitMessage,
    createdBy: actor.name,
  });
  await audit(tx, actor, 'version.created', { type: 'prompt', id: prompt.name }, latest ? { version: latest.version } : null, {
    version: row.version,
    type: row.type,
    commitMessage: row.commitMessage,
  });
  for (const label of new Set(input.labels)) await pointLabel(tx, actor, prompt, label, row.version);
  const labels = await labelsOfVersion(tx, prompt.id, row.version, true);
  return toVersionView(prompt, row, labels);
}

async function labelsOfVersion(conn: Conn, promptId: string, version: number, isLatest: boolean) {
  const rows = await q.listLabels(conn, [promptId]);
  const names = rows.filter((l) => l.version === version).map((l) => l.name);
  return isLatest ? [...names, LATEST] : names;
}

export type VersionSelector = { label?: string; version?: number };

/** A version by number or by label (default `production`); `latest` is always the newest. */
export async function getVersion(name: string, selector: VersionSelector = {}) {
  const conn = getDb();
  const prompt = await findPromptOrThrow(conn, name);
  const latest = await q.getLatestVersion(conn, prompt.id);
  let row: q.VersionRow | undefined;
  if (selector.version !== undefined) {
    row = await q.getVersionByNumber(conn, prompt.id, selector.version);
    if (!row) throw new VersoError('not_found', `Prompt "${name}" has no version ${selector.version}.`);
  } else {
    const label = selector.label ?? 'production';
    if (label === LATEST) row = latest;
    else {
      const pointer = await q.getLabel(conn, prompt.id, label);
      if (!pointer) throw new VersoError('not_found', `Prompt "${name}" has no label "${label}".`);
      row = await q.getVersionByNumber(conn, prompt.id, pointer.version);
    }
  }
  if (!row) throw new VersoError('not_found', `Prompt "${name}" has no versions.`);
  const labels = await labelsOfVersion(conn, prompt.id, row.version, row.version === latest?.version);
  return { prompt, row, view: toVersionView(prompt, row, labels) };
}

export async function listVersions(name: string): Promise<VersionView[]> {
  const conn = getDb();
  const prompt = await findPromptOrThrow(conn, name);
  const [rows, labels] = await Promise.all([q.listVersions(conn, prompt.id), q.listLabels(conn, [prompt.id])]);
  const newest = rows[0]?.version;
  return rows.map((v) =>
    toVersionView(
      prompt,
      v,
      [...labels.filter((l) => l.version === v.version).map((l) => l.name), ...(v.version === newest ? [LATEST] : [])],
    ),
  );
}

export async function getPrompt(name: string): Promise<PromptSummary> {
  const conn = getDb();
  const prompt = await findPromptOrThrow(conn, name);
  const [summary] = await summarise(conn, [prompt]);
  return summary!;
}

export async function listPrompts(query: ListPromptsQuery): Promise<{ data: PromptSummary[]; nextCursor: string | null }> {
  const conn = getDb();
  const after = query.cursor ? decodeCursor(query.cursor) : undefined;
  const rows = await q.listPrompts(conn, { ...query, after }, query.limit + 1);
  const page = rows.slice(0, query.limit);
  const data = await summarise(conn, page);
  const last = page[page.length - 1];
  return { data, nextCursor: rows.length > query.limit && last ? encodeCursor(last.name) : null };
}

async function summarise(conn: Conn, rows: q.PromptRow[]): Promise<PromptSummary[]> {
  const ids = rows.map((p) => p.id);
  const [latest, labels] = await Promise.all([q.latestVersionNumbers(conn, ids), q.listLabels(conn, ids)]);
  return rows.map((p) => {
    const latestVersion = latest.get(p.id) ?? 0;
    const pointers: Record<string, number> = {};
    for (const l of labels) if (l.promptId === p.id) pointers[l.name] = l.version;
    pointers[LATEST] = latestVersion;
    return {
      name: p.name,
      description: p.description,
      category: p.category,
      tags: p.tags,
      latestVersion,
      labels: pointers,
      createdBy: p.createdBy,
      createdAt: p.createdAt.toISOString(),
    };
  });
}

export async function registryOverview() {
  const conn = getDb();
  const [counts, facets] = await Promise.all([q.countPrompts(conn), q.listCategoriesAndTags(conn)]);
  return { ...counts, ...facets };
}

const encodeCursor = (name: string) => Buffer.from(name, 'utf8').toString('base64url');
function decodeCursor(cursor: string) {
  const name = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!name) throw new VersoError('invalid', 'The cursor is not one this API gave out.');
  return name;
}
