// Prompts as files: export the deployed versions to a folder of YAML, import a folder back.
// An import is all or nothing: every file is checked before anything is written, and the
// writes share one transaction, so a bad file (or a failure half-way) leaves the registry as it was.
import fs from 'node:fs';
import path from 'node:path';
import { canonicalJson } from '@/lib/canonical-json';
import { getDb, type Conn } from '@/db/client';
import * as q from '@/db/queries/prompts';
import { VersoError } from '@/lib/api/errors';
import type { Actor } from '@/lib/auth/roles';
import { describeProblem, promptToYaml, readPromptFile, type FileProblem, type PromptFile } from './file-format';
import { moveLabel } from './labels';
import { createPrompt, createVersion, getVersion, listPrompts } from './registry';
import { LATEST } from './schemas';
import { bodyOf } from './versions';

export type ExportResult = {
  written: { name: string; version: number; file: string }[];
  skipped: { name: string; reason: string }[];
};

/** Writes `<dir>/<name>.yaml` for each prompt's version under `label`; prompts without that label are skipped. */
export async function exportPrompts(dir: string, { label = 'production' }: { label?: string } = {}): Promise<ExportResult> {
  const result: ExportResult = { written: [], skipped: [] };
  let cursor: string | undefined;
  do {
    const page = await listPrompts({ limit: 200, cursor });
    for (const prompt of page.data) {
      if (label !== LATEST && prompt.labels[label] === undefined) {
        result.skipped.push({ name: prompt.name, reason: `has no ${label} label` });
        continue;
      }
      const { view } = await getVersion(prompt.name, { label });
      const file = path.join(dir, ...prompt.name.split('/')) + '.yaml';
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, promptToYaml(prompt, view, `label ${label}`));
      result.written.push({ name: prompt.name, version: view.version, file });
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return result;
}

export type ImportOutcome = {
  file: string;
  name: string;
  status: 'created' | 'new_version' | 'unchanged';
  version: number;
  /** The label the import was asked to point, and whether it moved (false: it was there already). */
  label?: { name: string; moved: boolean };
  notes: string[];
};

export type ImportOptions = { label?: string; message?: string };

/** Checks every file below `dir`, then applies them all in one transaction; throws (writing nothing) on any bad file. */
export async function importPrompts(actor: Actor, dir: string, options: ImportOptions = {}): Promise<ImportOutcome[]> {
  const files = checkPromptFiles(dir);
  return getDb().transaction(async (tx) => {
    const outcomes: ImportOutcome[] = [];
    for (const file of files) {
      try {
        outcomes.push(await applyFile(tx, actor, file, options));
      } catch (error) {
        if (error instanceof VersoError) throw new VersoError(error.code, `${file.file}: ${error.message}`, error.details);
        throw error;
      }
    }
    return outcomes;
  });
}

/** Every prompt file below `dir`, checked; throws a VersoError listing each problem with its path and line. */
export function checkPromptFiles(dir: string): PromptFile[] {
  if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new VersoError('not_found', `${dir} is not a directory.`);
  const good: PromptFile[] = [];
  const problems: FileProblem[] = [];
  for (const relative of listYamlFiles(dir)) {
    const file = path.join(dir, relative);
    const defaultName = relative.replace(/\.ya?ml$/, '').split(path.sep).join('/');
    const read = readPromptFile(file, fs.readFileSync(file, 'utf8'), defaultName);
    if ('message' in read) problems.push(read);
    else good.push(read);
  }
  const firstFileOf = new Map<string, string>();
  for (const f of good) {
    const other = firstFileOf.get(f.name);
    if (other) problems.push({ file: f.file, line: 1, message: `prompt "${f.name}" is already in ${other}` });
    else firstFileOf.set(f.name, f.file);
  }
  if (problems.length > 0) {
    const count = new Set(problems.map((p) => p.file)).size;
    throw new VersoError('invalid', `${count} file${count > 1 ? 's have' : ' has'} errors; nothing was imported.`, {
      problems: problems.map((p) => ({ ...p, text: describeProblem(p) })),
    });
  }
  return good;
}

// Hidden folders (.git, .github) hold YAML that is not prompts.
function listYamlFiles(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => /\.ya?ml$/.test(f) && !f.split(path.sep).some((part) => part.startsWith('.')))
    .filter((f) => fs.statSync(path.join(dir, f)).isFile())
    .sort();
}

async function applyFile(tx: Conn, actor: Actor, f: PromptFile, options: ImportOptions): Promise<ImportOutcome> {
  const existing = await q.getPromptByName(tx, f.name);
  const latest = existing ? await q.getLatestVersion(tx, existing.id) : undefined;
  let outcome: ImportOutcome;
  if (!existing) {
    const commitMessage = options.message ?? (f.input.commitMessage || `Imported from ${f.file}`);
    const view = await createPrompt(actor, { ...f.input, commitMessage, labels: [] }, tx);
    outcome = { file: f.file, name: f.name, status: 'created', version: view.version, notes: [] };
  } else if (latest && sameContent(latest, f)) {
    outcome = { file: f.file, name: f.name, status: 'unchanged', version: latest.version, notes: [] };
  } else {
    // A file exported earlier still carries the old version's message: an edit deserves its own.
    const fileMessage = f.input.commitMessage && f.input.commitMessage !== latest?.commitMessage ? f.input.commitMessage : undefined;
    const commitMessage = options.message ?? fileMessage ?? `Imported from ${f.file}`;
    const view = await createVersion(actor, f.name, { ...f.input, commitMessage, labels: [] }, tx);
    outcome = { file: f.file, name: f.name, status: 'new_version', version: view.version, notes: [] };
  }
  if (existing) outcome.notes.push(...metadataNotes(existing, f));
  if (options.label) {
    const moved = await moveLabel(actor, f.name, options.label, outcome.version, `import from ${f.file}`, tx);
    outcome.label = { name: options.label, moved: moved.moved };
  }
  return outcome;
}

/** The content a version is made of: type, template or messages, declared variables, model config. */
function sameContent(latest: q.VersionRow, f: PromptFile): boolean {
  const stored = { ...bodyOf(latest), variables: latest.variables, modelConfig: latest.modelConfig };
  const body = f.input.type === 'chat' ? { type: 'chat', messages: f.input.messages } : { type: 'text', template: f.input.template };
  const incoming = { ...body, variables: f.variables, modelConfig: f.input.modelConfig };
  return canonicalJson(stored) === canonicalJson(incoming);
}


// Description, category and tags belong to the prompt, not to a version; an import does not change them.
function metadataNotes(existing: q.PromptRow, f: PromptFile): string[] {
  const differs = [
    f.stated.has('description') && f.input.description !== existing.description ? 'description' : null,
    f.stated.has('category') && (f.input.category ?? null) !== existing.category ? 'category' : null,
    f.stated.has('tags') && canonicalJson(f.input.tags) !== canonicalJson(existing.tags) ? 'tags' : null,
  ].filter((d): d is string => d !== null);
  return differs.length > 0 ? [`${differs.join(', ')} differ from the registry and were left as they are`] : [];
}
