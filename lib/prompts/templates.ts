import { analyzeSync, type Template } from 'liquidjs';
import { VersoError } from '@/lib/api/errors';
import type { ChatMessage, VariableSpec } from '@/db/schema';
import { createEngine, describeError, RenderBudget, type RenderFailure } from './liquid-engine.mjs';
import { planOf, renderPlan, type Plan } from './render-plan';
import { limits, renderInPool } from './render-pool';

// The sandbox (no files, no prototype walks, include/render/layout refused) is configured in
// liquid-engine.mjs, shared with the render workers.
export const engine = createEngine();

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
  const failure = describeError(error);
  return failure.kind === 'template' ? located(failure, messageIndex) : renderLimit(failure.limit);
}

function located({ line, column, message }: { line: number; column: number; message: string }, messageIndex?: number): VersoError {
  const where = messageIndex === undefined ? '' : ` in message ${messageIndex + 1}`;
  const details: TemplateErrorDetails = { line, column, message };
  if (messageIndex !== undefined) details.message_index = messageIndex;
  return new VersoError('invalid', `Template error${where} at line ${line}, column ${column}: ${message}`, details);
}

function renderLimit(limit: 'time' | 'bytes' | 'memory'): VersoError {
  const { timeoutMs, maxBytes } = limits();
  if (limit === 'time') {
    return new VersoError('render_limit', `The template took longer than the render time limit of ${timeoutMs} ms.`, { limit, timeout_ms: timeoutMs });
  }
  if (limit === 'bytes') {
    return new VersoError('render_limit', `The rendered prompt is larger than the output limit of ${maxBytes} bytes.`, { limit, max_bytes: maxBytes });
  }
  return new VersoError('render_limit', 'The template needs more memory than one render may use.', { limit });
}

const failureError = (failure: RenderFailure) => (failure.kind === 'template' ? located(failure) : renderLimit(failure.limit));

export type PromptBody = { type: 'text'; template: string } | { type: 'chat'; messages: ChatMessage[] };

type CompiledTemplate = { template: Parsed; source: string; plan: Plan | null };

// `key` names a stored version, whose parsed template the render workers keep; null for drafts.
export type CompiledPrompt =
  | ({ type: 'text'; key: string | null } & CompiledTemplate)
  | { type: 'chat'; key: string | null; messages: ({ role: ChatMessage['role'] } & CompiledTemplate)[] };

function compileOne(source: string, messageIndex?: number): CompiledTemplate {
  const template = parse(source, messageIndex);
  return { template, source, plan: planOf(template) };
}

export function compile(body: PromptBody, key: string | null = null): CompiledPrompt {
  if (body.type === 'text') return { type: 'text', key, ...compileOne(body.template) };
  return { type: 'chat', key, messages: body.messages.map((m, i) => ({ role: m.role, ...compileOne(m.content, i) })) };
}

/** Text and chat messages, in order, on the main thread when every template has a plan. */
function renderPlanned(templates: CompiledTemplate[], scope: Record<string, unknown>): string[] | null {
  if (!templates.every((t) => t.plan)) return null;
  const budget = new RenderBudget(limits());
  try {
    const outputs = templates.map((t) => renderPlan(engine, t.plan!, scope, budget));
    budget.check(outputs);
    return outputs;
  } catch (error) {
    throw templateError(error);
  }
}

async function renderInWorker(key: string | null, templates: CompiledTemplate[], scope: Record<string, unknown>): Promise<string[]> {
  const result = await renderInPool({ key, sources: templates.map((t) => t.source), scope });
  if ('failure' in result) throw failureError(result.failure);
  return result.outputs;
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

/**
 * Renders with one budget (VERSO_RENDER_TIMEOUT_MS, VERSO_RENDER_MAX_BYTES) for the whole prompt:
 * an exhausted budget is a `render_limit` error (422), a template error an `invalid` one with
 * its line and column.
 */
export async function render(compiled: CompiledPrompt, declared: VariableSpec[], values: Record<string, unknown>): Promise<Rendered> {
  const scope = bindVariables(declared, values);
  const templates = compiled.type === 'text' ? [compiled] : compiled.messages;
  const outputs = renderPlanned(templates, scope) ?? (await renderInWorker(compiled.key, templates, scope));
  if (compiled.type === 'text') return { type: 'text', text: outputs[0]! };
  return { type: 'chat', messages: compiled.messages.map((m, i) => ({ role: m.role, content: outputs[i]! })) };
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
    hit = compile(body, versionId);
    if (compiledByVersion.size >= CACHE_LIMIT) compiledByVersion.delete(compiledByVersion.keys().next().value!);
    compiledByVersion.set(versionId, hit);
  }
  return hit;
}
