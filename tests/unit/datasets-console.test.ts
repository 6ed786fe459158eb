import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { compactJson, fullJson } from '@/components/datasets/compact-json';
import { ItemTable } from '@/components/datasets/item-table';
import { apiItemsPath, datasetPath, exportHref, versionParam } from '@/components/datasets/paths';
import { VersionList } from '@/components/datasets/version-list';

describe('a value in an item table cell', () => {
  it('is one line of JSON; text is shown as is and a missing value as an empty cell', () => {
    expect(compactJson({ question: 'What is 2+2?', n: 2 })).toBe('{"question":"What is 2+2?","n":2}');
    expect(compactJson('four')).toBe('four');
    expect(compactJson('line one\n  line two')).toBe('line one line two');
    expect(compactJson(null)).toBe('');
    expect(compactJson(undefined)).toBe('');
    expect(compactJson(0)).toBe('0');
  });

  it('is cut with an ellipsis when long, and the tooltip keeps all of it', () => {
    const long = { text: 'x'.repeat(500) };
    const shown = compactJson(long, 40);
    expect(shown).toHaveLength(40);
    expect(shown.endsWith('…')).toBe(true);
    expect(JSON.parse(fullJson(long))).toEqual(long);
  });
});

describe('dataset links', () => {
  it('encode the name and carry the version and the export format', () => {
    expect(datasetPath('golden-set')).toBe('/datasets/golden-set');
    expect(datasetPath('golden.v2', 3)).toBe('/datasets/golden.v2?version=3');
    expect(exportHref('golden-set', 2, 'jsonl')).toBe('/datasets/golden-set/export?version=2&format=jsonl');
    expect(apiItemsPath('golden-set', 2, 'csv')).toBe('/api/v1/datasets/golden-set/items?version=2&format=csv');
  });

  it('read ?version= as a positive integer only', () => {
    expect(versionParam('2')).toBe(2);
    expect(versionParam(['4', '5'])).toBe(4);
    for (const bad of [undefined, '', '0', '-1', '1.5', 'abc', '01', '99999999999']) expect(versionParam(bad)).toBeUndefined();
  });
});

describe('the items table', () => {
  const html = renderToStaticMarkup(
    createElement(ItemTable, {
      items: [
        { position: 1, variables: { question: 'What is 2+2?' }, expected: '4', metadata: { source: 'manual' }, sourceExecutionId: null },
        {
          position: 2,
          variables: { question: 'Capital of France?' },
          expected: null,
          metadata: { executionId: '0b5f0c8e-3a53-4f55-a0a1-7d4c2c0e9b11' },
          sourceExecutionId: '0b5f0c8e-3a53-4f55-a0a1-7d4c2c0e9b11',
        },
      ],
    }),
  );

  it('shows every item with its variables, expected output and metadata', () => {
    expect(html).toContain('data-count="2"');
    expect(html.match(/data-testid="dataset-item"/g)).toHaveLength(2);
    expect(html).toContain('{&quot;question&quot;:&quot;What is 2+2?&quot;}');
    expect(html).toContain('>4</td>');
    expect(html).toContain('{&quot;source&quot;:&quot;manual&quot;}');
  });

  it('links an item taken from an execution back to it, and only that one', () => {
    expect(html).toContain('href="/executions/0b5f0c8e-3a53-4f55-a0a1-7d4c2c0e9b11"');
    expect(html.match(/href="\/executions\//g)).toHaveLength(1);
  });
});

describe('the version list', () => {
  const versions = [
    { version: 2, itemCount: 4, message: 'One more case', createdBy: 'Editor', createdAt: '2026-12-01T10:00:00.000Z' },
    { version: 1, itemCount: 3, message: '', createdBy: 'Editor', createdAt: '2026-11-30T10:00:00.000Z' },
  ];

  it('marks the version shown and the latest one, and links each version to its items', () => {
    const html = renderToStaticMarkup(createElement(VersionList, { name: 'golden', versions, shown: 1 }));
    expect(html).toContain('aria-current="page" href="/datasets/golden?version=1"');
    expect(html.match(/aria-current/g)).toHaveLength(1);
    expect(html).toContain('href="/datasets/golden?version=2"');
    expect(html.match(/latest/g)).toHaveLength(1);
    expect(html).toContain('4 items');
    expect(html).toContain('No message');
  });
});
