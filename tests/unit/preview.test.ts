import { describe, expect, it } from 'vitest';
import { previewPrompt } from '@/lib/prompts/preview';

describe('the editor preview', () => {
  it('renders a text draft with the sample values', async () => {
    const p = await previewPrompt({ type: 'text', template: 'Hello {{ name | upcase }}!' }, [], { name: 'ada' });
    expect(p.problem).toBeNull();
    expect(p.rendered).toEqual({ type: 'text', text: 'Hello ADA!' });
    expect(p.variables).toEqual([{ name: 'name', required: true, type: 'string' }]);
  });

  it('names every missing variable and still lists the variables', async () => {
    const p = await previewPrompt({ type: 'text', template: '{{ a }} {{ b }} {{ c | default: 1 }}' }, [], { a: 'x', b: '' });
    expect(p.problem).toMatchObject({ code: 'missing_variables', missing: ['b'] });
    expect(p.variables?.map((v) => v.name)).toEqual(['a', 'b', 'c']);
  });

  it('reports a syntax error with its line and column and no variables', async () => {
    const p = await previewPrompt({ type: 'text', template: 'line one\nline two {% if %}' }, [], {});
    expect(p.variables).toBeNull();
    expect(p.problem).toMatchObject({ code: 'invalid', line: 2, column: expect.any(Number) });
    expect(p.problem?.message).not.toMatch(/line 2, column/);
  });

  it('says which chat message a syntax error is in', async () => {
    const p = await previewPrompt(
      { type: 'chat', messages: [{ role: 'system', content: 'ok' }, { role: 'user', content: '{% for x in %}' }] },
      [],
      {},
    );
    expect(p.problem).toMatchObject({ messageIndex: 1, line: 1 });
  });

  it('keeps settings for variables in the draft and drops those the template no longer reads', async () => {
    const given = [
      { name: 'tone', required: false, type: 'string' as const, default: 'friendly' },
      { name: 'gone', required: true, type: 'string' as const },
    ];
    const p = await previewPrompt({ type: 'text', template: 'Be {{ tone }}.' }, given, {});
    expect(p.variables).toEqual([given[0]]);
    expect(p.rendered).toEqual({ type: 'text', text: 'Be friendly.' });
  });

  it('reads sample values of json variables as JSON, and says when they are not', async () => {
    const template = '{% for i in items %}[{{ i }}]{% endfor %}';
    expect((await previewPrompt({ type: 'text', template }, [], { items: '["a","b"]' })).rendered).toEqual({ type: 'text', text: '[a][b]' });
    const bad = await previewPrompt({ type: 'text', template }, [], { items: '["a",' });
    expect(bad.problem?.message).toMatch(/items is not valid JSON/);
    expect(bad.variables?.[0]).toMatchObject({ name: 'items', type: 'json' });
  });
});
