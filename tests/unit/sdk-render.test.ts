import { describe, expect, it } from 'vitest';
import type { VariableSpec } from '@/db/schema';
import { compile, declareVariables, render, type PromptBody } from '@/lib/prompts/templates';
import { VersoError } from '@/lib/api/errors';
import * as serverEngine from '@/lib/prompts/liquid-engine.mjs';
import * as sdkEngine from '../../sdk/src/liquid-engine.mjs';
import { VersoSdkError } from '../../sdk/src/errors';
import { Renderer } from '../../sdk/src/render';
import type { SnapshotVersion } from '../../sdk/src/types';

// The SDK renders locally and must produce the server's text, and the server's errors. The
// LiquidJS sandbox is one file, sdk/src/liquid-engine.mjs, which lib/prompts/liquid-engine.mjs
// re-exports for the server and its render workers.

const renderer = new Renderer();

function versionOf(body: PromptBody, variables?: VariableSpec[]): SnapshotVersion {
  const declared = variables ?? declareVariables(compile(body));
  return body.type === 'text'
    ? { version: 1, type: 'text', template: body.template, variables: declared, modelConfig: {} }
    : { version: 1, type: 'chat', messages: body.messages, variables: declared, modelConfig: {} };
}

async function onServer(version: SnapshotVersion, values: Record<string, unknown>) {
  const body: PromptBody = version.type === 'text' ? { type: 'text', template: version.template! } : { type: 'chat', messages: version.messages! };
  try {
    return { ok: await render(compile(body), version.variables, values) };
  } catch (error) {
    if (!(error instanceof VersoError)) throw error;
    return { error: { code: error.code, message: error.message, details: error.details } };
  }
}

function inSdk(version: SnapshotVersion, values: Record<string, unknown>) {
  try {
    return { ok: renderer.render(version, values) };
  } catch (error) {
    if (!(error instanceof VersoSdkError)) throw error;
    return { error: { code: error.code, message: error.message, details: error.details } };
  }
}

const text = (template: string, variables?: VariableSpec[]) => versionOf({ type: 'text', template }, variables);
const spec = (name: string, rest: Partial<VariableSpec> = {}): VariableSpec => ({ name, required: true, type: 'string', ...rest });

const cases: [string, SnapshotVersion, Record<string, unknown>][] = [
  ['plain output', text('Hello {{ name }}!'), { name: 'Ada' }],
  ['numbers and booleans as strings', text('{{ a }} {{ b }}'), { a: 1.5, b: true }],
  ['filters', text('{{ name | upcase }} {{ name | downcase | capitalize }} {{ name | truncate: 3 }} {{ name | size }} {{ name | replace: "a", "4" }}'), { name: 'banana' }],
  ['default filter', text('{{ tone | default: "friendly" }} / {{ n | default: 3 }}'), {}],
  ['a declared default', text('Reply in {{ lang }}.', [spec('lang', { required: false, default: 'English' })]), {}],
  ['a declared default, overridden', text('Reply in {{ lang }}.', [spec('lang', { required: false, default: 'English' })]), { lang: 'German' }],
  ['json: loops, where, join, sort', text('{% for o in orders %}[{{ forloop.index }}:{{ o.id }}={{ o.total | times: 1.19 | round: 2 }}]{% endfor %} {{ orders | map: "id" | sort | join: "," }}'), { orders: [{ id: 'b', total: 10 }, { id: 'a', total: 2.5 }] }],
  ['assign, capture, case, unless', text('{% assign x = name | append: "!" %}{% capture y %}<{{ x }}>{% endcapture %}{{ y }}{% case name %}{% when "a" %}A{% else %}?{% endcase %}{% unless flag %}no{% endunless %}'), { name: 'a', flag: false }],
  ['whitespace control and unicode', text('  {{- s -}}  \n{% if s %}✓ {{ s | escape }}{% endif %}'), { s: 'héllo <b>😀</b>' }],
  ['number and boolean types coerced', text('{{ n | plus: 1 }} {% if b %}yes{% endif %}', [spec('n', { type: 'number' }), spec('b', { type: 'boolean' })]), { n: '41', b: 'true' }],
  ['a variable named like a prototype member', text('[{{ constructor }}][{{ toString }}]', [spec('constructor', { required: false }), spec('toString', { required: false })]), {}],
  ['ranges', text('{% for i in (1..n) %}{{ i }}{% endfor %}', [spec('n', { type: 'number' })]), { n: 5 }],
  [
    'chat',
    versionOf({
      type: 'chat',
      messages: [
        { role: 'system', content: 'You are {{ persona | default: "a helpful assistant" }}.' },
        { role: 'user', content: '{{ question }}{% if context %}\nContext: {{ context }}{% endif %}' },
      ],
    }),
    { question: 'Where is my order?', context: 'order 7' },
  ],
  // Errors from here on: the same code, message and details as the server's.
  ['a missing required variable', text('Hi {{ name }} from {{ company }}'), { company: 'Acme' }],
  ['two missing variables', text('Hi {{ name }} from {{ company }}'), {}],
  ['a wrong type', text('{{ n }}', [spec('n', { type: 'number' })]), { n: 'many' }],
  ['a strict filter', text('{{ name | nosuchfilter }}', [spec('name')]), { name: 'x' }],
  ['a render error at a line', text('line 1\n{{ list | where: "a" | first | nosuch }}', [spec('list', { type: 'json' })]), { list: [] }],
  ['the output limit', text('{% for i in (1..n) %}{{ s }}{% endfor %}', [spec('n', { type: 'number' }), spec('s')]), { n: 1000, s: 'x'.repeat(10_000) }],
];

describe('SDK rendering', () => {
  it('renders with the server’s LiquidJS sandbox itself, not a copy', () => {
    expect(Object.keys(serverEngine).sort()).toEqual(Object.keys(sdkEngine).sort());
    for (const name of Object.keys(sdkEngine) as (keyof typeof sdkEngine)[]) expect(serverEngine[name], name).toBe(sdkEngine[name]);
  });

  const firstError = cases.findIndex(([name]) => name === 'a missing required variable');

  it.each(cases.map((c, i) => [...c, i >= firstError] as const))('renders %s exactly as the server', async (_, version, values, fails) => {
    const expected = await onServer(version, values);
    expect(inSdk(version, values)).toEqual(expected);
    expect('error' in expected).toBe(fails);
  });

  it('names a missing variable the way the server does', () => {
    expect(() => renderer.render(text('Hi {{ name }} from {{ company }}'), {})).toThrow('Missing required variables: name, company');
  });

  it('refuses files and prototype walks as the server’s sandbox does', async () => {
    for (const [template, values] of [
      ['{% include "x" %}', {}],
      ['{{ o.constructor.name }}|{{ o.__proto__ }}|{{ s.length }}', { o: { a: 1 }, s: 'abc' }],
    ] as const) {
      const version = text(template, [spec('o', { type: 'json', required: false }), spec('s', { required: false })]);
      expect(inSdk(version, values)).toEqual(await onServer(version, values));
    }
    expect(inSdk(text('{% include "x" %}', []), {}).error?.message).toMatch(/cannot use \{% include %\}/);
  });
});
