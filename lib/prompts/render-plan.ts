import { Output, Tag, TypeGuards, type Liquid, type Template, type Value } from 'liquidjs';
import { renderNodes, type RenderBudget } from './liquid-engine.mjs';

/**
 * Most prompts are text with plain outputs: `{{ name }}`, `{{ name | default: "x" }}`,
 * `{{ name | upcase }}`. For those, compiling also yields a plan (literal pieces and outputs)
 * that renders by concatenation, following LiquidJS's own rules for strings, numbers,
 * booleans and nil; bounded pieces (conditions, property paths, one-pass filters, a list or
 * object value) are rendered by LiquidJS in between. Such a render costs time in proportion to
 * the template and the values, and its output is counted as it is written, so it stays on the
 * main thread (the hot path of resolve). Anything else (loops, assign, capture, ranges, other
 * filters) may run for as long as it likes, so the whole prompt renders in a worker
 * (render-pool.ts) that is stopped at the deadline.
 * tests/unit/template-plan.test.ts holds the two equal.
 */
type PlanFilter = 'upcase' | 'downcase' | { default: string | number };
type PlannedOutput = { name: string; filters: PlanFilter[]; output: Output };
export type Plan = (string | PlannedOutput | { node: Template })[];

// Tags that neither loop nor define anything: each branch is rendered at most once, so with
// bounded outputs and conditions their cost follows the template's size and the values'.
const BOUNDED_TAGS = new Set(['if', 'unless', 'case', 'comment', 'raw']);
// Filters that do one pass over their input and keep its size (or return a number).
const BOUNDED_FILTERS = new Set(['upcase', 'downcase', 'default', 'capitalize', 'strip', 'lstrip', 'rstrip', 'escape', 'size', 'first', 'last']);

/** A range (`(1..n)`) anywhere in a token: n items for the next filter to chew on. */
function hasRange(token: unknown, depth = 0): boolean {
  if (depth > 30) return true;
  if (!token || typeof token !== 'object') return false;
  if (Array.isArray(token)) return token.some((t) => hasRange(t, depth + 1));
  if (TypeGuards.isRangeToken(token as never)) return true;
  return Object.values(token).some((v) => typeof v === 'object' && hasRange(v, depth + 1));
}

function isBoundedValue(value: Value): boolean {
  const v = value as unknown as { filters: { name: string; args: unknown[] }[]; initial: { postfix: unknown[] } };
  return !hasRange(v.initial.postfix) && v.filters.every((f) => BOUNDED_FILTERS.has(f.name) && !hasRange(f.args));
}

type BranchingTag = { value?: Value; branches?: { value?: Value; values?: unknown[]; templates: Template[] }[]; elseTemplates?: Template[] };

function isBounded(node: Template, depth = 0): boolean {
  if (depth > 20) return false;
  if (node instanceof Output) return isBoundedValue(node.value);
  if (!(node instanceof Tag)) return typeof (node as { str?: unknown }).str === 'string';
  if (!BOUNDED_TAGS.has(node.name)) return false;
  const tag = node as unknown as BranchingTag;
  if (tag.value && !isBoundedValue(tag.value)) return false;
  for (const branch of tag.branches ?? []) {
    if (branch.value && !isBoundedValue(branch.value)) return false;
    if (branch.values && hasRange(branch.values)) return false;
    if (!branch.templates.every((t) => isBounded(t, depth + 1))) return false;
  }
  return (tag.elseTemplates ?? []).every((t) => isBounded(t, depth + 1));
}

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

function plannedOutput(node: Output): PlannedOutput | null {
  const value = node.value as unknown as { filters: FilterNode[]; initial: { postfix: unknown[] } };
  const [token, ...rest] = value.initial.postfix;
  if (rest.length > 0 || !token || !TypeGuards.isPropertyAccessToken(token as never)) return null;
  const access = token as unknown as { variable?: unknown; props: { getText(): string }[] };
  const prop = access.props[0];
  if (access.variable || access.props.length !== 1 || !prop || !TypeGuards.isWordToken(prop as never)) return null;
  const name = prop.getText();
  const filters = value.filters.map(planFilter);
  if (LITERAL_NAMES.has(name) || filters.includes(null)) return null;
  return { name, filters: filters as PlanFilter[], output: node };
}

export function planOf(template: Template[]): Plan | null {
  const plan: Plan = [];
  for (const node of template) {
    if (node instanceof Tag) {
      if (!isBounded(node)) return null;
      plan.push({ node });
    } else if (node instanceof Output) {
      const planned = plannedOutput(node);
      if (planned) plan.push(planned);
      else if (isBounded(node)) plan.push({ node });
      else return null;
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

/** A plan rendered on the main thread, every piece charged to the render's budget. */
export function renderPlan(engine: Liquid, plan: Plan, scope: Record<string, unknown>, budget: RenderBudget): string {
  let out = '';
  // One LiquidJS context per template, made only when a piece needs LiquidJS.
  let ctx: ReturnType<RenderBudget['context']> | undefined;
  for (const piece of plan) {
    if (typeof piece === 'string') {
      budget.spend(piece.length);
      out += piece;
      continue;
    }
    let node: Template;
    if ('node' in piece) node = piece.node;
    else {
      const value = applyFilters(scope[piece.name], piece.filters);
      if (value !== NOT_PLANNED) {
        const text = stringify(value);
        budget.spend(text.length);
        out += text;
        continue;
      }
      // A list or an object: LiquidJS's own rules, for this output only.
      node = piece.output;
    }
    ctx ??= budget.context(engine, scope);
    out += renderNodes(engine, [node], ctx, budget);
  }
  return out;
}
