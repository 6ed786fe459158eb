import { describe, expect, it } from 'vitest';
import type { VariableSpec } from '@/db/schema';
import { VersoError } from '@/lib/api/errors';
import { bindVariables, compile, declareVariables, detectVariables, render, type PromptBody } from '@/lib/prompts/templates';

const text = (template: string): PromptBody => ({ type: 'text', template });
const declared = (template: string, given?: VariableSpec[]) => declareVariables(compile(text(template)), given);

/** Renders a text template with its detected variables (or the ones given) and returns the text. */
async function renderText(template: string, values: Record<string, unknown> = {}, given?: VariableSpec[]) {
  const compiled = compile(text(template));
  const result = await render(compiled, declareVariables(compiled, given), values);
  if (result.type !== 'text') throw new Error('expected text');
  return result.text;
}

/** The VersoError a call throws. */
function thrown(call: () => unknown): VersoError {
  try {
    call();
  } catch (error) {
    if (error instanceof VersoError) return error;
    throw new Error(`expected a VersoError, got ${String(error)}`);
  }
  throw new Error('expected an error, got none');
}

/** The VersoError a render rejects with. */
async function rejected(rendering: Promise<unknown>): Promise<VersoError> {
  const error = await rendering.then(
    () => new Error('expected an error, got none'),
    (e: unknown) => e,
  );
  if (error instanceof VersoError) return error;
  throw error;
}

describe('rendering', () => {
  it('renders a text template', async () => {
    expect(await renderText('Hello {{ name }}!', { name: 'Ada' })).toBe('Hello Ada!');
  });

  it('renders every message of a chat prompt, keeping roles and order', async () => {
    const compiled = compile({
      type: 'chat',
      messages: [
        { role: 'system', content: 'You are {{ persona }}.' },
        { role: 'user', content: '{{ question }}' },
        { role: 'assistant', content: 'Noted.' },
      ],
    });
    expect(await render(compiled, declareVariables(compiled), { persona: 'terse', question: 'Why?' })).toEqual({
      type: 'chat',
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'Why?' },
        { role: 'assistant', content: 'Noted.' },
      ],
    });
  });

  it('applies filters', async () => {
    const values = { name: 'ada lovelace', items: ['a', 'b', 'c'], n: 4 };
    expect(await renderText('{{ name | upcase }}|{{ name | capitalize }}|{{ name | truncate: 6 }}', values)).toBe('ADA LOVELACE|Ada lovelace|ada...');
    expect(await renderText('{{ items | join: ", " }}|{{ items | size }}|{{ items | first }}|{{ items | last }}', values)).toBe('a, b, c|3|a|c');
    expect(await renderText('{{ n | plus: 1 | times: 10 }}', values, [{ name: 'n', type: 'number', required: true }])).toBe('50');
  });

  it('leaves markup alone: prompts are not HTML', async () => {
    expect(await renderText('{{ snippet }}', { snippet: '<b>"quoted" & more</b>' })).toBe('<b>"quoted" & more</b>');
  });

  it('branches with if, elsif, else and unless', async () => {
    const t = '{% if score > 80 %}high{% elsif score > 40 %}mid{% else %}low{% endif %}{% unless vip %} (regular){% endunless %}';
    const vars: VariableSpec[] = [
      { name: 'score', type: 'number', required: true },
      { name: 'vip', type: 'boolean', required: false },
    ];
    expect(await renderText(t, { score: 90, vip: true }, vars)).toBe('high');
    expect(await renderText(t, { score: 50 }, vars)).toBe('mid (regular)');
    expect(await renderText(t, { score: 1, vip: false }, vars)).toBe('low (regular)');
  });

  it('loops with for, forloop, limit and else', async () => {
    const t = '{% for item in items limit: 2 %}{{ forloop.index }}.{{ item.title }}{% unless forloop.last %} {% endunless %}{% else %}none{% endfor %}';
    expect(await renderText(t, { items: [{ title: 'a' }, { title: 'b' }, { title: 'c' }] })).toBe('1.a 2.b');
    expect(await renderText(t, { items: [] })).toBe('none');
  });

  it('assigns and captures without asking for those names', async () => {
    const t = '{% assign greeting = "Hi" %}{% capture who %}{{ first }} {{ last }}{% endcapture %}{{ greeting }}, {{ who }}';
    expect(detectVariables(compile(text(t)))).toEqual(['first', 'last']);
    expect(await renderText(t, { first: 'Ada', last: 'L' })).toBe('Hi, Ada L');
  });
});

describe('syntax errors', () => {
  const position = (template: string) => thrown(() => compile(text(template)));

  it('reports the line and column of an illegal tag', () => {
    const error = position('first line\nsecond {% for x in %}');
    expect(error).toMatchObject({ code: 'invalid', details: { line: 2, column: 8 } });
    expect(error.message).toMatch(/^Template error at line 2, column 8: /);
  });

  it('reports unclosed outputs and tags where they start', () => {
    expect(position('Hello\n  there {{ name ').details).toMatchObject({ line: 2, column: 9 });
    expect(position('a\nb\n  {% if x %}never closed').details).toMatchObject({ line: 3, column: 3 });
  });

  it('reports unknown tags and filters', () => {
    expect(position('ok\n{% exec "ls" %}').details).toMatchObject({ line: 2, column: 1, message: 'tag "exec" not found' });
    expect(position('x {{ a | shell }}').details).toMatchObject({ line: 1, column: 3, message: 'undefined filter: shell' });
  });

  it('names the chat message an error is in', () => {
    const error = thrown(() =>
      compile({ type: 'chat', messages: [{ role: 'system', content: 'ok' }, { role: 'user', content: '\n\n {{ x' }] }),
    );
    expect(error.details).toMatchObject({ line: 3, column: 2, message_index: 1 });
    expect(error.message).toMatch(/in message 2 at line 3, column 2/);
  });

  it('refuses a template over 100 KB as too large', () => {
    expect(thrown(() => compile(text('é'.repeat(51 * 1024)))).code).toBe('too_large');
  });
});

describe('variables', () => {
  it('names every missing required variable at once, in template order', async () => {
    const error = await rejected(renderText('{{ a }} {{ b }} {{ c }} {{ d | default: "-" }}', { b: 'here' }));
    expect(error).toMatchObject({ code: 'missing_variables', details: { missing: ['a', 'c'] } });
    expect(error.message).toBe('Missing required variables: a, c');
  });

  it('ignores unknown extra variables', async () => {
    expect(await renderText('{{ a }}', { a: 1, b: 2, constructor: 'x' })).toBe('1');
  });

  it('fills in declared defaults and `| default:` values', async () => {
    const given: VariableSpec[] = [{ name: 'tone', type: 'string', required: true, default: 'warm' }];
    expect(await renderText('{{ tone }} {{ sign | default: "bye" }}', {}, given)).toBe('warm bye');
    expect(await renderText('{{ tone }} {{ sign | default: "bye" }}', { tone: 'cold', sign: 'ciao' }, given)).toBe('cold ciao');
  });

  it('coerces values to their declared types', () => {
    const specs: VariableSpec[] = [
      { name: 'n', type: 'number', required: true },
      { name: 'b', type: 'boolean', required: true },
      { name: 's', type: 'string', required: true },
      { name: 'j', type: 'json', required: true },
    ];
    expect(bindVariables(specs, { n: '41.5', b: 'false', s: 7, j: { deep: [1] } })).toEqual({ n: 41.5, b: false, s: '7', j: { deep: [1] } });
    expect(bindVariables(specs, { n: 3, b: true, s: true, j: 'text' })).toEqual({ n: 3, b: true, s: 'true', j: 'text' });
  });

  it('refuses values that do not fit their type, naming each', () => {
    const specs: VariableSpec[] = [
      { name: 'n', type: 'number', required: true },
      { name: 'b', type: 'boolean', required: true },
      { name: 's', type: 'string', required: true },
    ];
    const error = thrown(() => bindVariables(specs, { n: 'twelve', b: 'yes', s: { an: 'object' } }));
    expect(error).toMatchObject({
      code: 'invalid',
      details: { wrong: [{ name: 'n', expected: 'number' }, { name: 'b', expected: 'boolean' }, { name: 's', expected: 'string' }] },
    });
    expect(thrown(() => bindVariables(specs.slice(0, 1), { n: '' })).code).toBe('invalid');
    expect(thrown(() => bindVariables(specs.slice(0, 1), { n: 'Infinity' })).code).toBe('invalid');
  });
});

describe('variable detection', () => {
  it('finds the variables a template reads, once each, in order of appearance', () => {
    expect(detectVariables(compile(text('{{ b }} {{ a }} {{ b | upcase }} {% if c %}{{ a }}{% endif %}')))).toEqual(['b', 'a', 'c']);
  });

  it('does not ask for loop variables or forloop', () => {
    expect(detectVariables(compile(text('{% for row in rows %}{{ row }}{{ forloop.index }}{% endfor %}')))).toEqual(['rows']);
  });

  it('makes a variable optional when the template gives it a default or tests it', () => {
    expect(declared('{{ a | default: "x" }} {% if b %}yes{% endif %} {{ c }}')).toEqual([
      { name: 'a', required: false, type: 'string' },
      { name: 'b', required: false, type: 'string' },
      { name: 'c', required: true, type: 'string' },
    ]);
  });

  it('types a variable that is looped over or joined as json', () => {
    expect(declared('{% for x in items %}{{ x }}{% endfor %} {{ tags | join: "," }} {{ name }}')).toEqual([
      { name: 'items', required: true, type: 'json' },
      { name: 'tags', required: true, type: 'json' },
      { name: 'name', required: true, type: 'string' },
    ]);
  });

  it('types a variable read through a property as json, so an object can be passed', async () => {
    expect(declared('Hi {{ user.name }} from {{ user.address.city }} ({{ nick.size }})')).toEqual([
      { name: 'user', required: true, type: 'json' },
      { name: 'nick', required: true, type: 'string' },
    ]);
    expect(await renderText('Hi {{ user.name }}', { user: { name: 'Ada' } })).toBe('Hi Ada');
  });

  it('keeps what the author declared and adds what they did not', () => {
    const given: VariableSpec[] = [
      { name: 'n', type: 'number', required: false, default: 3, description: 'how many' },
      { name: 'unused', type: 'string', required: false },
    ];
    expect(declared('{{ n }} {{ m }}', given)).toEqual([
      { name: 'n', type: 'number', required: false, default: 3, description: 'how many' },
      { name: 'm', required: true, type: 'string' },
      { name: 'unused', type: 'string', required: false },
    ]);
  });

  it('collects variables across chat messages', () => {
    const compiled = compile({ type: 'chat', messages: [{ role: 'system', content: '{{ a }}' }, { role: 'user', content: '{{ b }} {{ a }}' }] });
    expect(detectVariables(compiled)).toEqual(['a', 'b']);
  });
});
