import { analyzeSync, Liquid, Output, Tag, TypeGuards, type Template } from 'liquidjs';
import { VersoError } from '@/lib/api/errors';
import type { ChatMessage, VariableSpec } from '@/db/schema';

// Templates are written by people with the editor role and rendered on the server, so the
// engine gets no file system (no include/render/layout), no prototype walks, and limits on
// time and memory so that a loop cannot take the process down.
const noFiles = {
  exists: async () => false,
  existsSync: () => false,
  readFile: async () => {
    throw new Error('templates cannot read files');
  },
  readFileSync: () => {
    throw new Error('templates cannot read files');
  },
  resolve: (_root: string, file: string) => file,
  contains: async () => false,
  containsSync: () => false,
  sep: '/',
  dirname: (file: string) => file,
};

export const engine = new Liquid({
  ownPropertyOnly: true,
  strictFilters: true,
  fs: noFiles,
  root: [],
  partials: [],
  layouts: [],
  parseLimit: 1_000_000,
  renderLimit: 1_000,
  memoryLimit: 10_000_000,
});

// A template that names a file fails to parse, at the tag's line and column, instead of failing
// later with a file-system error (variable detection follows includes).
for (const tag of ['include', 'render', 'layout']) {
  engine.registerTag(tag, {
    parse() {
      throw new Error(`templates cannot use {% ${tag} %}: there are no files to read`);
    },
    render() {},
  });
}

export const MAX_TEMPLATE_BYTES = 100 * 1024;

export type TemplateErrorDetails = { line: number; column: number; message: string; message_index?: number };

type Parsed = Template[];

function parse(source: string, messageIndex?: number): Parsed {
  if (Buffer.byteLength(source, 'utf8') > MAX_TEMPLATE_BYTES) {
    throw new VersoError('too_large', `A template may be at most ${MAX_TEMPLATE_BYTES / 1024} KB.`);
  }
  try {
    return engine.parse(source);
  } catch (error) {
    throw templateError(error, messageIndex);
  }
}

function templateError(error: unknown, messageIndex?: number): VersoError {
  const e = error as { message?: string; token?: { getPosition?: () => [number, number] } };
  const [line, column] = e.token?.getPosition?.() ?? [1, 1];
  const message = String(e.message ?? error).replace(/, line:\d+, col:\d+$/, '');
  const where = messageIndex === undefined ? '' : ` in message ${messageIndex + 1}`;
  const details: TemplateErrorDetails = { line, column, message };
  if (messageIndex !== undefined) details.message_index = messageIndex;
  return new VersoError('invalid', `Template error${where} at line ${line}, column ${column}: ${message}`, details);
}

export type PromptBody = { type: 'text'; template: string } | { type: 'chat'; messages: ChatMessage[] };

/**
 * Most prompts are text with plain outputs: `{{ name }}`, `{{ name | default: "x" }}`,
 * `{{ name | upcase }}`. For those, compiling also yields a plan (literal pieces and outputs)
 * that renders by concatenation, following LiquidJS's own rules for strings, numbers,
 * booleans and nil, with self-contained tags rendered by LiquidJS in between; anything else
 * (assign and other scope-changing tags, other filters, property paths, a list or object
 * value) renders the whole template through LiquidJS. tests/unit/template-plan.test.ts holds the two equal.
 */
type PlanFilter = 'upcase' | 'downcase' | { default: string | number };
type Plan = (string | { name: string; filters: PlanFilter[] } | { node: Template })[];

// A tag that keeps what it defines to itself may be rendered on its own, by LiquidJS, between
// planned pieces. At most a few per template, so the per-render time and memory limits still
// bound the whole.
const SELF_CONTAINED_TAGS = new Set(['if', 'unless', 'case', 'for', 'comment', 'raw']);
const MAX_LIQUID_NODES = 4;
type CompiledTemplate = { template: Parsed; source: string; plan: Plan | null };

export type CompiledPrompt =
  | ({ type: 'text' } & CompiledTemplate)
  | { type: 'chat'; messages: ({ role: ChatMessage['role'] } & CompiledTemplate)[] };

const LITERAL_NAMES = new Set(['nil', 'null', 'empty', 'blank', 'true', 'false']);

type FilterNode = { name: string; args: { kind: number; content: unknown }[] };

function planFilter(f: FilterNode): PlanFilter | null {
  if ((f.name === 'upcase' || f.name === 'downcase') && f.args.length === 0) return f.name;
  if (f.name !== 'default' || f.args.length !== 1) return null;
  const [arg] = f.args;
  if (TypeGuards.isQuotedToken(arg as never) && typeof arg!.content === 'string') return { default: arg!.content };
  if (TypeGuards.isNumberToken(arg as never) && Number.isInteger(arg!.content)) return { default: arg!.content as number };
  return null;
}

function planOf(template: Parsed): Plan | null {
  const plan: Plan = [];
  let liquidNodes = 0;
  for (const node of template) {
    if (node instanceof Tag) {
      if (!SELF_CONTAINED_TAGS.has(node.name) || ++liquidNodes > MAX_LIQUID_NODES) return null;
      plan.push({ node });
    } else if (node instanceof Output) {
      const value = node.value as unknown as { filters: FilterNode[]; initial: { postfix: unknown[] } };
      const [token, ...rest] = value.initial.postfix;
      if (rest.length > 0 || !token || !TypeGuards.isPropertyAccessToken(token as never)) return null;
      const access = token as unknown as { variable?: unknown; props: { getText(): string }[] };
      const prop = access.props[0];
      if (access.variable || access.props.length !== 1 || !prop || !TypeGuards.isWordToken(prop as never)) return null;
      const name = prop.getText();
      const filters = value.filters.map(planFilter);
      if (LITERAL_NAMES.has(name) || filters.includes(null)) return null;
      plan.push({ name, filters: filters as PlanFilter[] });
    } else if (typeof (node as { str?: unknown }).str === 'string') {
      plan.push((node as unknown as { str: string }).str);
    } else return null;
  }
  return plan;
}

const NOT_PLANNED = Symbol('not planned');
type Scalar = string | number | boolean | null | undefined;
const isScalar = (v: unknown): v is Scalar => v === undefined || v === null || ['string', 'number', 'boolean'].includes(typeof v);
const stringify = (v: Scalar) => (v === undefined || v === null ? '' : String(v));

function applyFilters(value: unknown, filters: PlanFilter[]): Scalar | typeof NOT_PLANNED {
  for (const f of filters) {
    if (!isScalar(value)) return NOT_PLANNED;
    if (f === 'upcase') value = stringify(value).toUpperCase();
    else if (f === 'downcase') value = stringify(value).toLowerCase();
    else if (typeof value === 'string') value = value.length > 0 ? value : f.default;
    else if (value === undefined || value === null || value === false) value = f.default;
  }
  return isScalar(value) ? value : NOT_PLANNED;
}

function compileOne(source: string, messageIndex?: number): CompiledTemplate {
  const template = parse(source, messageIndex);
  return { template, source, plan: planOf(template) };
}

export function compile(body: PromptBody): CompiledPrompt {
  if (body.type === 'text') return { type: 'text', ...compileOne(body.template) };
  return { type: 'chat', messages: body.messages.map((m, i) => ({ role: m.role, ...compileOne(m.content, i) })) };
}

function renderOne(t: CompiledTemplate, scope: Record<string, unknown>): string {
  if (!t.plan) return engine.renderSync(t.template, scope);
  let out = '';
  for (const piece of t.plan) {
    if (typeof piece === 'string') {
      out += piece;
      continue;
    }
    if ('node' in piece) {
      out += engine.renderSync([piece.node], scope);
      continue;
    }
    const value = applyFilters(scope[piece.name], piece.filters);
    if (value === NOT_PLANNED) return engine.renderSync(t.template, scope);
    out += stringify(value);
  }
  return out;
}

/** Variables the template reads from outside (not those it assigns or loops over), in order of appearance. */
export function detectVariables(compiled: CompiledPrompt): string[] {
  const templates = compiled.type === 'text' ? [compiled.template] : compiled.messages.map((m) => m.template);
  const names = new Set<string>();
  for (const t of templates) for (const name of Object.keys(analyzeSync(t).globals)) names.add(name);
  return [...names];
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A variable the template guards with `| default:` or `{% if name %}` works without a value. */
function readsOptionally(source: string, name: string): boolean {
  const n = escapeRegExp(name);
  return new RegExp(`\\b${n}\\s*\\|\\s*default\\s*:`).test(source) || new RegExp(`{%-?\\s*(if|unless)\\s+${n}\\s*-?%}`).test(source);
}

/** Names read through a property (`user.name`, `rows[0]`): structured values, so JSON. `.size` works on strings too. */
function readThroughProperty(compiled: CompiledPrompt): Set<string> {
  const templates = compiled.type === 'text' ? [compiled.template] : compiled.messages.map((m) => m.template);
  const names = new Set<string>();
  for (const t of templates) {
    for (const [name, reads] of Object.entries(analyzeSync(t).globals)) {
      if (reads.some((v) => v.segments.length > 1 && v.segments[1] !== 'size')) names.add(name);
    }
  }
  return names;
}

/** Looped over or joined: a list, so JSON rather than a string. */
function readsAsList(source: string, name: string): boolean {
  const n = escapeRegExp(name);
  return new RegExp(`{%-?\\s*for\\s+\\w+\\s+in\\s+${n}\\b`).test(source) || new RegExp(`\\b${n}\\s*\\|\\s*(join|first|last|size|map|sort|where)\\b`).test(source);
}

/** Declared variables for a body: the ones given keep their settings, new ones are required strings. */
export function declareVariables(compiled: CompiledPrompt, given: VariableSpec[] = []): VariableSpec[] {
  const byName = new Map(given.map((v) => [v.name, v]));
  const detected = detectVariables(compiled);
  const source = compiled.type === 'text' ? [compiled.source] : compiled.messages.map((m) => m.source);
  const structured = readThroughProperty(compiled);
  const declared = detected.map(
    (name) =>
      byName.get(name) ?? {
        name,
        required: !source.some((s) => readsOptionally(s, name)),
        type: structured.has(name) || source.some((s) => readsAsList(s, name)) ? ('json' as const) : ('string' as const),
      },
  );
  for (const v of given) if (!detected.includes(v.name)) declared.push(v);
  return declared;
}

export type Rendered = { type: 'text'; text: string } | { type: 'chat'; messages: ChatMessage[] };

export function render(compiled: CompiledPrompt, declared: VariableSpec[], values: Record<string, unknown>): Rendered {
  const scope = bindVariables(declared, values);
  try {
    if (compiled.type === 'text') return { type: 'text', text: renderOne(compiled, scope) };
    return {
      type: 'chat',
      messages: compiled.messages.map((m) => ({ role: m.role, content: renderOne(m, scope) })),
    };
  } catch (error) {
    throw templateError(error);
  }
}

/** Checks the values against the declared variables: every missing one is named at once. */
export function bindVariables(declared: VariableSpec[], values: Record<string, unknown>): Record<string, unknown> {
  // Own properties only, into a scope without a prototype: a variable named `constructor`,
  // `toString` or `__proto__` is a value the caller sent or missing, never a piece of JavaScript.
  const scope: Record<string, unknown> = Object.create(null);
  const missing: string[] = [];
  const wrong: { name: string; expected: string }[] = [];
  for (const spec of declared) {
    const value = Object.hasOwn(values, spec.name) ? values[spec.name] : undefined;
    if (value === undefined || value === null) {
      if (spec.default !== undefined) scope[spec.name] = spec.default;
      else if (spec.required) missing.push(spec.name);
      continue;
    }
    const coerced = coerce(spec.type, value);
    if (coerced === undefined) wrong.push({ name: spec.name, expected: spec.type });
    else scope[spec.name] = coerced;
  }
  if (missing.length > 0) {
    throw new VersoError('missing_variables', `Missing required variable${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`, {
      missing,
    });
  }
  if (wrong.length > 0) {
    throw new VersoError('invalid', `Wrong variable type: ${wrong.map((w) => `${w.name} must be ${w.expected}`).join(', ')}`, {
      wrong,
    });
  }
  return scope;
}

function coerce(type: VariableSpec['type'], value: unknown): unknown {
  switch (type) {
    case 'string':
      return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
    case 'number': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
    }
    case 'boolean':
      if (typeof value === 'boolean') return value;
      return value === 'true' ? true : value === 'false' ? false : undefined;
    case 'json':
      return value;
  }
}

// Versions are immutable, so a version id names one compiled template forever.
const compiledByVersion = new Map<string, CompiledPrompt>();
const CACHE_LIMIT = 2_000;

export function compiledFor(versionId: string, body: PromptBody): CompiledPrompt {
  let hit = compiledByVersion.get(versionId);
  if (!hit) {
    hit = compile(body);
    if (compiledByVersion.size >= CACHE_LIMIT) compiledByVersion.delete(compiledByVersion.keys().next().value!);
    compiledByVersion.set(versionId, hit);
  }
  return hit;
}
