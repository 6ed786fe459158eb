import type { Liquid, Template } from 'liquidjs';
import { VersoSdkError } from './errors.js';
import { createEngine, describeError, renderAll, type RenderLimits } from './liquid-engine.mjs';
import type { ChatMessage, SnapshotVersion, VariableSpec } from './types.js';

// Rendering as the server renders (lib/prompts/templates.ts): the same LiquidJS sandbox
// (liquid-engine.mjs, which the server imports from here), the same variable checks and
// coercions, the same errors. The server renders simple templates by a plan and the rest in a
// worker; both equal LiquidJS's own render, which is what the SDK runs, in process, on the same
// time and size budget.

/** The server's defaults (VERSO_RENDER_TIMEOUT_MS, VERSO_RENDER_MAX_BYTES). */
export const DEFAULT_RENDER_LIMITS: RenderLimits = { timeoutMs: 1_000, maxBytes: 4 * 1024 * 1024 };

export type Rendered = { type: 'text'; text: string } | { type: 'chat'; messages: ChatMessage[] };

type Compiled = { roles: ChatMessage['role'][] | null; templates: Template[][] };

export class Renderer {
  private readonly engine: Liquid = createEngine();
  // Versions are immutable: a snapshot's version object is compiled once, and dropped with the snapshot.
  private readonly compiled = new WeakMap<SnapshotVersion, Compiled>();

  constructor(private readonly limits: RenderLimits = DEFAULT_RENDER_LIMITS) {}

  render(version: SnapshotVersion, values: Record<string, unknown>): Rendered {
    const compiled = this.compile(version);
    const scope = bindVariables(version.variables, values);
    let outputs: string[];
    try {
      outputs = renderAll(this.engine, compiled.templates, scope, this.limits);
    } catch (error) {
      throw this.renderError(error);
    }
    if (!compiled.roles) return { type: 'text', text: outputs[0]! };
    return { type: 'chat', messages: compiled.roles.map((role, i) => ({ role, content: outputs[i]! })) };
  }

  private compile(version: SnapshotVersion): Compiled {
    let hit = this.compiled.get(version);
    if (hit) return hit;
    if (version.type === 'text') hit = { roles: null, templates: [this.parse(version.template ?? '')] };
    else {
      const messages = version.messages ?? [];
      hit = { roles: messages.map((m) => m.role), templates: messages.map((m, i) => this.parse(m.content, i)) };
    }
    this.compiled.set(version, hit);
    return hit;
  }

  private parse(source: string, messageIndex?: number): Template[] {
    try {
      return this.engine.parse(source);
    } catch (error) {
      throw this.renderError(error, messageIndex);
    }
  }

  private renderError(error: unknown, messageIndex?: number): VersoSdkError {
    const failure = describeError(error);
    if (failure.kind === 'template') {
      const { line, column, message } = failure;
      const where = messageIndex === undefined ? '' : ` in message ${messageIndex + 1}`;
      const details: Record<string, unknown> = { line, column, message };
      if (messageIndex !== undefined) details.message_index = messageIndex;
      return new VersoSdkError('invalid', `Template error${where} at line ${line}, column ${column}: ${message}`, details);
    }
    const { timeoutMs, maxBytes } = this.limits;
    if (failure.limit === 'time') {
      return new VersoSdkError('render_limit', `The template took longer than the render time limit of ${timeoutMs} ms.`, { limit: 'time', timeout_ms: timeoutMs });
    }
    if (failure.limit === 'bytes') {
      return new VersoSdkError('render_limit', `The rendered prompt is larger than the output limit of ${maxBytes} bytes.`, { limit: 'bytes', max_bytes: maxBytes });
    }
    return new VersoSdkError('render_limit', 'The template needs more memory than one render may use.', { limit: 'memory' });
  }
}

/** The server's bindVariables: every missing required variable named at once, defaults applied, values coerced. */
export function bindVariables(declared: VariableSpec[], values: Record<string, unknown>): Record<string, unknown> {
  // Own properties only, into a scope without a prototype (`constructor` is a value or missing).
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
    throw new VersoSdkError('missing_variables', `Missing required variable${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`, { missing });
  }
  if (wrong.length > 0) {
    throw new VersoSdkError('invalid', `Wrong variable type: ${wrong.map((w) => `${w.name} must be ${w.expected}`).join(', ')}`, { wrong });
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
