// One prompt as a YAML file: what `prompts export` writes and `prompts import` reads.
// Errors point at a line of the file, so the YAML is parsed into a document with node
// ranges (not just into values) and a zod or template error is traced back to its key.
import YAML, { isMap, isScalar, isSeq, LineCounter, type Document } from 'yaml';
import type { z } from 'zod';
import type { VariableSpec } from '@/db/schema';
import { VersoError } from '@/lib/api/errors';
import { newPromptInput, type NewPromptInput } from './schemas';
import { compile, declareVariables, type TemplateErrorDetails } from './templates';
import type { VersionView } from './versions';

export type FileProblem = { file: string; line: number; message: string };
export const describeProblem = (p: FileProblem) => `${p.file}:${p.line}: ${p.message}`;

const FILE_FIELDS = ['name', 'description', 'category', 'tags', 'type', 'template', 'messages', 'variables', 'modelConfig', 'commitMessage'] as const;

export type PromptMeta = { description: string; category: string | null; tags: string[] };

/** The YAML text of one version, with a header saying where it came from. */
export function promptToYaml(meta: PromptMeta, version: VersionView, source: string): string {
  const fields: Record<string, unknown> = { name: version.name, description: meta.description };
  if (meta.category) fields.category = meta.category;
  fields.tags = meta.tags;
  fields.type = version.type;
  if (version.type === 'chat') fields.messages = version.messages;
  else fields.template = version.template;
  fields.variables = version.variables.map((v) => inOrder(v, ['name', 'required', 'type', 'default', 'description']));
  fields.modelConfig = inOrder(version.modelConfig, ['provider', 'model', 'temperature', 'maxTokens', 'topP', 'stop', 'extra']);
  fields.commitMessage = version.commitMessage;
  const doc = new YAML.Document(fields);
  doc.commentBefore = ` ${version.name}: version ${version.version} (${source}), exported from Verso.\n Edit it and run \`npm run cli -- prompts import DIR\` to save a new version.`;
  // lineWidth 0: a long template line stays one line instead of being folded.
  return doc.toString({ lineWidth: 0 });
}

// The database's JSON does not keep key order; a file reads better in the order of the schema.
function inOrder<T extends object>(value: T, keys: string[]): T {
  const rank = (k: string) => (keys.includes(k) ? keys.indexOf(k) : keys.length);
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => rank(a) - rank(b))) as T;
}

/** A file that passed every check: its prompt input and the variables its version would declare. */
export type PromptFile = {
  file: string;
  name: string;
  input: NewPromptInput;
  variables: VariableSpec[];
  /** Keys written in the file, so that defaults are not mistaken for statements. */
  stated: Set<string>;
};

/** Parses and checks one file; `defaultName` (from its path) is used when the file has no `name`. */
export function readPromptFile(file: string, text: string, defaultName: string): PromptFile | FileProblem {
  const lines = new LineCounter();
  const doc = YAML.parseDocument(text, { lineCounter: lines, prettyErrors: true });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const message = yamlError.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    return { file, line: yamlError.linePos?.[0].line ?? 1, message: `YAML error: ${message}` };
  }
  const lineAt = (path: (string | number)[]) => lineOfPath(doc, lines, path);
  const raw: unknown = doc.toJS();
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    return { file, line: lineAt([]), message: 'a prompt file is a YAML mapping of fields (name, type, template or messages, …)' };
  }
  const unknownKey = Object.keys(raw).find((k) => !(FILE_FIELDS as readonly string[]).includes(k));
  if (unknownKey) return { file, line: lineAt([unknownKey]), message: `unknown field "${unknownKey}" (fields: ${FILE_FIELDS.join(', ')})` };
  if (!('type' in raw) && !('template' in raw) && !('messages' in raw)) {
    return { file, line: lineAt([]), message: 'a prompt needs a template (a text prompt) or messages (a chat prompt)' };
  }
  const parsed = newPromptInput.safeParse({ ...raw, name: 'name' in raw ? raw.name : defaultName });
  if (!parsed.success) return zodProblem(file, parsed.error, lineAt, 'name' in raw);
  const input = parsed.data;
  try {
    const compiled = compile(input.type === 'chat' ? { type: 'chat', messages: input.messages } : { type: 'text', template: input.template });
    const variables = declareVariables(compiled, input.variables);
    return { file, name: input.name, input, variables, stated: new Set(Object.keys(raw)) };
  } catch (error) {
    if (!(error instanceof VersoError)) throw error;
    const details = error.details as TemplateErrorDetails | undefined;
    const path = details?.message_index === undefined ? ['template'] : ['messages', details.message_index, 'content'];
    // A template error quotes the offending source, which may span lines: the report stays one line.
    return { file, line: templateLine(doc, lines, path, details?.line), message: error.message.replace(/\r?\n/g, '\\n') };
  }
}

function zodProblem(file: string, error: z.ZodError, lineAt: (path: (string | number)[]) => number, namedInFile: boolean): FileProblem {
  const issue = error.issues[0]!;
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  if (path[0] === 'name' && !namedInFile) {
    return { file, line: lineAt([]), message: `the file's path is not a valid prompt name (${issue.message}); rename the file or add a name field` };
  }
  return { file, line: lineAt(path), message: `${path.length > 0 ? `${path.join('.')}: ` : ''}${issue.message}` };
}

/** The line of the deepest key (or list item) of `path` present in the document. */
function lineOfPath(doc: Document, lines: LineCounter, path: (string | number)[]): number {
  let node: unknown = doc.contents;
  let line = startLine(node, lines) ?? 1;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === key);
      if (!pair) break;
      line = startLine(pair.key, lines) ?? line;
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number' && node.items[key] !== undefined) {
      node = node.items[key];
      line = startLine(node, lines) ?? line;
    } else break;
  }
  return line;
}

/** A line inside a template, as a line of the file: block scalars start on the line after `|`. */
function templateLine(doc: Document, lines: LineCounter, path: (string | number)[], lineInTemplate = 1): number {
  const node = doc.getIn(path, true);
  if (!isScalar(node) || !node.range) return lineOfPath(doc, lines, path);
  const block = node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED';
  const first = lines.linePos(node.range[0]).line + (block ? 1 : 0);
  const last = lines.linePos(Math.max(node.range[0], node.range[1] - 1)).line;
  return Math.max(first, Math.min(first + lineInTemplate - 1, last));
}

function startLine(node: unknown, lines: LineCounter): number | undefined {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range ? lines.linePos(range[0]).line : undefined;
}
