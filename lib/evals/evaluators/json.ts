import { format, Validator, type OutputUnit, type Schema, type SchemaDraft } from '@cfworker/json-schema';
import { RE2JS } from 're2js';
import type { EvalScore } from '@/db/schema';
import { canonicalJson } from '@/lib/canonical-json';
import type { EvaluatorSpec } from '../schemas';
import { EvaluatorFailure, verdict } from './outcome';
import { compilePattern } from './pattern';

type JsonSchemaSpec = Extract<EvaluatorSpec, { type: 'json_schema' }>;

/** Strict: the whole output, trimmed, must be JSON; a fenced block or prose around it fails. */
export function parseOutput(output: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(output.trim()) };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

export function jsonValid(output: string): EvalScore {
  const parsed = parseOutput(output);
  return parsed.ok ? verdict(true, 'the output is JSON') : verdict(false, `the output is not JSON: ${parsed.message}`);
}

// @cfworker/json-schema interprets the schema (no generated code), but it runs `pattern` with
// JavaScript's backtracking RegExp. Before it sees a schema, each `pattern` becomes a format of
// ours that RE2 checks, so a pattern from an editor cannot stall a worker. `patternProperties`
// has no such rewrite (it decides which properties are "additional"), so it is refused.
const RE2_FORMAT = 'verso-re2:';
const DATA_KEYWORDS = new Set(['const', 'enum', 'default', 'examples']);

function rewritePatterns(node: unknown, where: string): unknown {
  if (Array.isArray(node)) return node.map((n, i) => rewritePatterns(n, `${where}/${i}`));
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (DATA_KEYWORDS.has(key)) out[key] = value;
    else if (key === 'patternProperties') throw new EvaluatorFailure(`${where}/patternProperties is not supported: use propertyNames with a pattern, or list the properties`);
    else if (key === 'pattern' && typeof value === 'string') continue;
    else out[key] = rewritePatterns(value, `${where}/${key}`);
  }
  const pattern = (node as Record<string, unknown>).pattern;
  if (typeof pattern === 'string') {
    const name = re2Format(pattern, where);
    out.allOf = [...(Array.isArray(out.allOf) ? out.allOf : []), { format: name }];
  }
  return out;
}

/** Registers (once) the format that tests a JSON Schema pattern (ECMAScript syntax) with RE2. */
function re2Format(pattern: string, where: string): string {
  const name = `${RE2_FORMAT}${pattern}`;
  if (!format[name]) {
    let program;
    try {
      program = compilePattern(RE2JS.translateRegExp(pattern));
    } catch (error) {
      throw new EvaluatorFailure(`${where}/pattern: ${error instanceof Error ? error.message : String(error)}`);
    }
    format[name] = (value: string) => program.test(value);
  }
  return name;
}

const DRAFTS: [string, SchemaDraft][] = [
  ['draft-04', '4'],
  ['draft-07', '7'],
  ['2019-09', '2019-09'],
];

function draftOf(schema: Record<string, unknown>): SchemaDraft {
  const declared = typeof schema.$schema === 'string' ? schema.$schema : '';
  return DRAFTS.find(([marker]) => declared.includes(marker))?.[1] ?? '2020-12';
}

// A run checks every item against the same schema.
const validators = new Map<string, Validator>();
const CACHE_LIMIT = 200;

/** The validator for a schema; throws EvaluatorFailure when the schema cannot be used. */
export function validatorFor(schema: Record<string, unknown>): Validator {
  const key = canonicalJson(schema);
  let hit = validators.get(key);
  if (!hit) {
    try {
      hit = new Validator(rewritePatterns(schema, '#') as Schema, draftOf(schema), false);
    } catch (error) {
      if (error instanceof EvaluatorFailure) throw error;
      throw new EvaluatorFailure(`the schema cannot be used: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (validators.size >= CACHE_LIMIT) validators.delete(validators.keys().next().value!);
    validators.set(key, hit);
  }
  return hit;
}

// Keywords whose error only says that something beneath them failed: the beneath is the news.
const SUMMARY_KEYWORDS = new Set(['properties', 'items', 'prefixItems', 'additionalItems', 'allOf', '$ref', '$recursiveRef', 'then', 'else', 'dependentSchemas']);

function describe(error: OutputUnit): string {
  const message = error.keyword === 'format' && error.error.includes(RE2_FORMAT) ? 'String does not match pattern.' : error.error;
  return `${error.instanceLocation}: ${message}`;
}

export function jsonSchema(spec: JsonSchemaSpec, output: string): EvalScore {
  const validator = validatorFor(spec.schema);
  const parsed = parseOutput(output);
  if (!parsed.ok) return verdict(false, `the output is not JSON: ${parsed.message}`);
  let result;
  try {
    result = validator.validate(parsed.value);
  } catch (error) {
    throw new EvaluatorFailure(`the schema cannot be used: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (result.valid) return verdict(true, 'the output matches the schema');
  const leaves = result.errors.filter((e) => !SUMMARY_KEYWORDS.has(e.keyword) && e.error !== 'False boolean schema.');
  const shown = (leaves.length > 0 ? leaves : result.errors).slice(0, 3).map(describe);
  const more = leaves.length > 3 ? ` (and ${leaves.length - 3} more)` : '';
  return verdict(false, `the output does not match the schema: ${shown.join('; ')}${more}`);
}
