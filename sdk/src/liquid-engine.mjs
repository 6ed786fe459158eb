// The LiquidJS sandbox and the one budget a render gets, shared by the main thread (parsing,
// variable detection, the bounded pieces of a plan) and the render worker (everything else).
// Plain JavaScript because the worker runs it as it is, under tsx, vitest and `next start` alike.
import { Context, Liquid, toValue, toValueSync } from 'liquidjs';

// Templates are written by people with the editor role and rendered on the server, so the
// engine gets no file system (no include/render/layout) and no prototype walks.
const noFiles = {
  exists: async () => false,
  existsSync: () => false,
  readFile: async () => {
    throw new Error('templates cannot read files');
  },
  readFileSync: () => {
    throw new Error('templates cannot read files');
  },
  resolve: (_root, file) => file,
  contains: async () => false,
  containsSync: () => false,
  sep: '/',
  dirname: (file) => file,
};

// LiquidJS counts these per render context; they turn a runaway loop or range into a template
// error early. The hard limits are the render budget below and the worker's deadline.
const MEMORY_LIMIT = 10_000_000;

export function createEngine() {
  const engine = new Liquid({
    ownPropertyOnly: true,
    strictFilters: true,
    fs: noFiles,
    root: [],
    partials: [],
    layouts: [],
    parseLimit: 1_000_000,
    renderLimit: 1_000,
    memoryLimit: MEMORY_LIMIT,
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
  return engine;
}

/** Thrown when a render runs out of its budget; `limit` is 'time', 'bytes' or 'memory'. */
export class RenderLimitExceeded extends Error {
  constructor(limit) {
    super(`render ${limit} limit exceeded`);
    this.limit = limit;
  }
}

/**
 * What one render may spend, over all its chat messages: output characters as they are written
 * (a character is at least a byte, so this bounds memory early; the exact UTF-8 size is checked
 * once at the end) and LiquidJS's own time and memory counters.
 */
export class RenderBudget {
  constructor({ timeoutMs, maxBytes }) {
    this.maxBytes = maxBytes;
    this.charsLeft = maxBytes;
    this.timeoutMs = timeoutMs;
    this.limiters = null;
  }

  spend(chars) {
    this.charsLeft -= chars;
    if (this.charsLeft < 0) throw new RenderLimitExceeded('bytes');
  }

  /** A fresh scope for one template, on the render's shared time and memory counters. */
  context(engine, scope) {
    const ctx = new Context(scope, engine.options, { sync: true, renderLimit: this.timeoutMs }, { liquid: engine, ...this.limiters });
    this.limiters ??= { renderLimit: ctx.renderLimit, memoryLimit: ctx.memoryLimit };
    return ctx;
  }

  /** The outputs' exact size, refused over the limit. */
  check(outputs) {
    let chars = 0;
    for (const o of outputs) chars += o.length;
    // UTF-8 takes at most three bytes for a UTF-16 code unit.
    if (chars * 3 <= this.maxBytes) return;
    let bytes = 0;
    for (const o of outputs) bytes += Buffer.byteLength(o, 'utf8');
    if (bytes > this.maxBytes) throw new RenderLimitExceeded('bytes');
  }
}

/** LiquidJS's SimpleEmitter, charging the budget for every piece before keeping it. */
class BudgetEmitter {
  constructor(budget) {
    this.budget = budget;
    this.buffer = '';
  }

  write(html) {
    const text = stringify(html);
    this.budget.spend(text.length);
    this.buffer += text;
  }
}

function stringify(value) {
  value = toValue(value);
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(stringify).join('');
  return String(value);
}

/** Renders parsed nodes in a context, charging the budget; returns the text. */
export function renderNodes(engine, nodes, ctx, budget) {
  const emitter = new BudgetEmitter(budget);
  toValueSync(engine.renderer.renderTemplates(nodes, ctx, emitter));
  return emitter.buffer;
}

/** Renders every template (a text prompt's one, or a chat prompt's messages) on one budget. */
export function renderAll(engine, templates, scope, limits) {
  const budget = new RenderBudget(limits);
  const outputs = templates.map((t) => renderNodes(engine, t, budget.context(engine, scope), budget));
  budget.check(outputs);
  return outputs;
}

const LIQUID_LIMITS = { 'template render limit exceeded': 'time', 'memory alloc limit exceeded': 'memory' };

/**
 * What went wrong, as plain data that crosses threads: a spent budget, or a template error with
 * LiquidJS's line and column.
 */
export function describeError(error) {
  for (let e = error, depth = 0; e && depth < 10; e = e.originalError, depth++) {
    if (e instanceof RenderLimitExceeded) return { kind: 'limit', limit: e.limit };
    const message = String(e.message ?? '');
    if (LIQUID_LIMITS[message]) return { kind: 'limit', limit: LIQUID_LIMITS[message] };
    // A string past V8's maximum length: far past the byte limit.
    if (e instanceof RangeError && /Invalid string length/.test(message)) return { kind: 'limit', limit: 'bytes' };
  }
  const position = error?.token?.getPosition?.() ?? [1, 1];
  const message = String(error?.message ?? error).replace(/, line:\d+, col:\d+$/, '');
  return { kind: 'template', line: position[0], column: position[1], message };
}
