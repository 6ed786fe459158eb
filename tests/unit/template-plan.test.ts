import { describe, expect, it } from 'vitest';
import { compile, engine, render } from '@/lib/prompts/templates';
import type { VariableSpec } from '@/db/schema';

// The concatenation plan must render exactly what LiquidJS renders, or not be used.
const json = (name: string): VariableSpec => ({ name, required: false, type: 'json' });

async function both(template: string, values: Record<string, unknown>) {
  const compiled = compile({ type: 'text', template });
  const names = Object.keys(values);
  const fast = await render(compiled, names.map(json), values);
  const scope = Object.assign(Object.create(null), values);
  const liquid = engine.parseAndRenderSync(template, scope);
  return { fast: fast.type === 'text' ? fast.text : '', liquid, planned: compiled.type === 'text' && compiled.plan !== null };
}

describe('the plain-output render plan', () => {
  it.each([
    ['Hello {{ name }}!', { name: 'Ada' }],
    ['{{ a }}{{b}} and {{ c }}', { a: 1.5, b: true, c: false }],
    ['missing: [{{ gone }}] nil: [{{ none }}]', { none: null }],
    ['  {{- name -}}  \n{{ n }}', { name: 'trimmed', n: 0 }],
    ['unicode {{ s }} ✓', { s: 'héllo 😀' }],
    ['{{ list }}', { list: ['a', 'b'] }],
    ['{{ obj }}', { obj: { a: 1 } }],
    ['{{ a | default: "none" }}|{{ b | default: "none" }}|{{ c | default: 7 }}|{{ d | default: "x" }}', { a: '', b: false, c: 0 }],
    ['{{ a | upcase }} {{ b | downcase }} {{ n | upcase }} {{ gone | upcase }}', { a: 'shout', b: 'QUIET', n: 12 }],
    ['{{ a | default: "fallback" | upcase }}', { a: null }],
    ['{{ list | default: "empty" }}', { list: [] }],
    ['{{ list | upcase }}', { list: ['a'] }],
    ['A {{ a }}\n{%- if a == "x" %} yes {{ a }}{% else %} no{% endif -%}\n{% for i in list %}[{{ i }}]{% endfor %} end', { a: 'x', list: [1, 2] }],
    ['{% comment %}hidden{% endcomment %}{% raw %}{{ not }}{% endraw %}{{ a }}', { a: 1 }],
    ['{{ user.name | upcase }} {% case a %}{% when "x", "y" %}{{ a | capitalize }}{% else %}-{% endcase %}{% unless b %}!{% endunless %}', { user: { name: 'n' }, a: 'y' }],
    ['{% if list.size > 1 and list.first == "a" %}{{ list.last }}{% endif %}', { list: ['a', 'b'] }],
  ])('renders %j exactly as LiquidJS', async (template, values) => {
    const { fast, liquid } = await both(template, values);
    expect(fast).toBe(liquid);
  });

  it('is used for plain outputs and bounded tags, not for loops, assignments, ranges or other filters', async () => {
    const planned = async (template: string, values: Record<string, unknown>) => (await both(template, values)).planned;
    expect(await planned('Hi {{ name }}', { name: 'x' })).toBe(true);
    expect(await planned('Hi {{ name | upcase }} {{ x | default: "y" }}', { name: 'x' })).toBe(true);
    expect(await planned('{% if name %}{{ name }}{% endif %}', { name: 'x' })).toBe(true);
    expect(await planned('{% if a %}{% endif %}'.repeat(5), { a: 1 })).toBe(true);
    expect(await planned('{{ user.name }} {{ true }} {{ nil }}', { user: { name: 'x' } })).toBe(true);
    expect(await planned('{% case a %}{% when "x" %}{{ a | capitalize }}{% else %}-{% endcase %}', { a: 'x' })).toBe(true);
    expect(await planned('Hi {{ name | truncate: 3 }}', { name: 'x' })).toBe(false);
    expect(await planned('{% assign x = name %}{{ x }}', { name: 'x' })).toBe(false);
    expect(await planned('{% for i in list %}{{ i }}{% endfor %}', { list: [1] })).toBe(false);
    expect(await planned('{% if a %}{% for i in list %}{% endfor %}{% endif %}', { a: 1, list: [1] })).toBe(false);
    expect(await planned('{{ (1..3) | size }}', {})).toBe(false);
    expect(await planned('{% if (1..3) contains 2 %}yes{% endif %}', {})).toBe(false);
    expect(await planned('{% if list | sort %}yes{% endif %}', { list: [1] })).toBe(false);
  });
});
