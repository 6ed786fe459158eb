import { getDb } from '@/db/client';
import type { PromptRow, VersionRow } from '@/db/queries/prompts';
import { fromZodError, VersoError } from '@/lib/api/errors';
import type { Actor } from '@/lib/auth/roles';
import { createPrompt, createVersion, getPrompt, getVersion, listPrompts, type PromptSummary, type VersionSelector } from '@/lib/prompts/registry';
import { moveLabel } from '@/lib/prompts/labels';
import { servedVersion } from '@/lib/prompts/rendering';
import { invalidateServing } from '@/lib/prompts/serving';
import { LATEST, newPromptInput, newVersionInput } from '@/lib/prompts/schemas';
import type { VersionView } from '@/lib/prompts/versions';
import { toLangfuseConfig, toModelConfig } from './config';
import type { CreateLangfusePromptInput, LangfuseListQuery, LangfusePrompt, LangfusePromptList, UpdateLangfuseLabelsInput } from './schemas';

// Verso's registry seen through Langfuse's prompt API. Versions and labels mean the same in
// both; the template is handed over as stored (Liquid), for the client's compile() to fill in.

export function toLangfusePrompt(prompt: PromptRow, row: VersionRow, view: VersionView): LangfusePrompt {
  const base = {
    id: row.id,
    name: view.name,
    version: view.version,
    config: toLangfuseConfig(view.modelConfig),
    labels: view.labels,
    tags: prompt.tags,
    commitMessage: view.commitMessage || null,
    createdBy: view.createdBy,
    createdAt: view.createdAt,
    // Versions are immutable: a version's last change is its making.
    updatedAt: view.createdAt,
    isActive: view.labels.includes('production'),
    resolutionGraph: null,
  };
  return view.type === 'chat'
    ? { ...base, type: 'chat', prompt: (view.messages ?? []).map((m) => ({ type: 'chatmessage' as const, role: m.role, content: m.content })) }
    : { ...base, type: 'text', prompt: view.template ?? '' };
}

/** A version by label (default `production`) or number, through the serving cache as /resolve reads it. */
export async function getLangfusePrompt(name: string, selector: VersionSelector): Promise<LangfusePrompt> {
  const { prompt, row, view } = await servedVersion(name, selector);
  return toLangfusePrompt(prompt, row, view);
}

/** Prompt names with their versions and labels, a page at a time, as Langfuse lists them. */
export async function listLangfusePrompts(query: LangfuseListQuery): Promise<LangfusePromptList> {
  const matching = (query.name ? await promptNamed(query.name) : await everyPrompt(query)).filter(
    (p) => (!query.tag || p.tags.includes(query.tag)) && (!query.label || query.label in p.labels),
  );
  const page = matching.slice((query.page - 1) * query.limit, query.page * query.limit);
  const data = await Promise.all(
    page.map(async (p) => {
      // With a label, Langfuse describes the versions carrying it; Verso's label is on one version.
      const versions = query.label ? [p.labels[query.label]!] : Array.from({ length: p.latestVersion }, (_, i) => p.latestVersion - i);
      const last = versions[0]!;
      const { row } = await servedVersion(p.name, { version: last });
      const labels = Object.keys(p.labels).filter((l) => !query.label || p.labels[l] === last);
      return { name: p.name, type: row.type, versions, labels, tags: p.tags, lastUpdatedAt: row.createdAt.toISOString(), lastConfig: toLangfuseConfig(row.modelConfig) };
    }),
  );
  return { data, meta: { page: query.page, limit: query.limit, totalItems: matching.length, totalPages: Math.ceil(matching.length / query.limit) } };
}

async function promptNamed(name: string): Promise<PromptSummary[]> {
  try {
    return [await getPrompt(name)];
  } catch (error) {
    if (error instanceof VersoError && error.code === 'not_found') return [];
    throw error;
  }
}

// Langfuse pages by number and reports the total, Verso's registry by cursor: walk the cursor.
async function everyPrompt(query: LangfuseListQuery): Promise<PromptSummary[]> {
  const all: PromptSummary[] = [];
  let cursor: string | undefined;
  do {
    const page = await listPrompts({ tag: query.tag, label: query.label, limit: 200, cursor });
    all.push(...page.data);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

/**
 * A new version from Langfuse's create body, the prompt made first when it does not exist. The
 * registry's services do the work, so roles (`production` needs admin), audit and the eval gate
 * apply as they do everywhere.
 */
export async function createLangfusePrompt(actor: Actor, input: CreateLangfusePromptInput): Promise<LangfusePrompt> {
  const version = versionFrom(input);
  let made: VersionView;
  if (await promptNamed(input.name).then((found) => found.length > 0)) made = await createVersion(actor, input.name, version);
  else {
    try {
      made = await createPrompt(actor, newPromptInput.parse({ ...version, name: input.name, tags: input.tags ?? [] }));
    } catch (error) {
      // Another request made the prompt in the meantime: this one becomes its next version.
      if (!(error instanceof VersoError && error.code === 'conflict' && (await promptNamed(input.name)).length > 0)) throw error;
      made = await createVersion(actor, input.name, version);
    }
  }
  const { prompt, row, view } = await getVersion(input.name, { version: made.version });
  return toLangfusePrompt(prompt, row, view);
}

/**
 * Langfuse's updatePrompt: each of `newLabels` moves to this version (a deploy, or a rollback),
 * all in one transaction; the labels already on it stay. `production` needs admin, as anywhere.
 */
export async function labelLangfuseVersion(actor: Actor, name: string, version: number, input: UpdateLangfuseLabelsInput): Promise<LangfusePrompt> {
  const labels = [...new Set(input.newLabels)].filter((l) => l !== LATEST);
  await getDb()
    .transaction(async (tx) => {
      for (const label of labels) await moveLabel(actor, name, label, version, undefined, tx);
    })
    .finally(() => invalidateServing(name));
  const { prompt, row, view } = await getVersion(name, { version });
  return toLangfusePrompt(prompt, row, view);
}

function versionFrom(input: CreateLangfusePromptInput) {
  let body: { template: string } | { messages: { role?: string; content?: string }[] };
  if (input.type === 'text') body = { template: input.prompt };
  else {
    if (input.prompt.some((m) => m.type === 'placeholder')) {
      throw new VersoError('invalid', 'Message placeholders are not supported by Verso: write the messages out, or use a variable inside one.');
    }
    body = { messages: input.prompt.map((m) => ({ role: m.role, content: m.content })) };
  }
  const parsed = newVersionInput.safeParse({
    type: input.type,
    ...body,
    modelConfig: toModelConfig(input.config),
    commitMessage: input.commitMessage ?? '',
    // `latest` always follows the newest version, in Langfuse as in Verso.
    labels: (input.labels ?? []).filter((l) => l !== LATEST),
  });
  if (!parsed.success) throw fromZodError(parsed.error, 'body');
  return parsed.data;
}
