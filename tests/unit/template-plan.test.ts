import { describe, expect, it } from 'vitest';
import { compile, engine, render } from '@/lib/prompts/templates';
import type { VariableSpec } from '@/db/schema';

// The concatenation plan must render exactly what LiquidJS renders, or not be used.
const json = (name: string): VariableSpec => ({ name, required: false, type: 'json' });

function both(template: string, values: Record<string, unknown>) {
  const compiled = compile({ type: 'text', template });
  const names = Object.keys(values);
  const fast = render(compiled, names.map(json), values);
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
  ])('renders %j exactly as LiquidJS', (template, values) => {
    const { fast, liquid } = both(template, values);
    expect(fast).toBe(liquid);
  });

  it('is used for plain outputs and not for filters, tags, paths or literals', () => {
    expect(both('Hi {{ name }}', { name: 'x' }).planned).toBe(true);
    expect(both('Hi {{ name | upcase }} {{ x | default: "y" }}', { name: 'x' }).planned).toBe(true);
    expect(both('Hi {{ name | truncate: 3 }}', { name: 'x' }).planned).toBe(false);
    expect(both('Hi {{ name | default: other }}', { name: 'x' }).planned).toBe(false);
    expect(both('{% if name %}{{ name }}{% endif %}', { name: 'x' }).planned).toBe(true);
    expect(both('{% assign x = name %}{{ x }}', { name: 'x' }).planned).toBe(false);
    expect(both('{% if a %}{% endif %}'.repeat(5), { a: 1 }).planned).toBe(false);
    expect(both('{{ user.name }}', { user: { name: 'x' } }).planned).toBe(false);
    expect(both('{{ true }} {{ nil }}', {}).planned).toBe(false);
  });
});
