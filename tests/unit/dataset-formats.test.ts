import { describe, expect, it } from 'vitest';
import { VersoError } from '@/lib/api/errors';
import { formatDatasetItems, parseCsv, parseDatasetItems } from '@/lib/datasets/formats';

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(VersoError);
    return (error as VersoError).message;
  }
  throw new Error('expected a refusal');
};

describe('CSV', () => {
  it('reads quoted fields with commas, newlines and doubled quotes, LF or CRLF, with a BOM', () => {
    const text = '\uFEFFtext,note\r\n"a, b","say ""hi"""\r\n"line 1\nline 2",\r\nplain,"x"\n';
    expect(parseCsv(text).map((r) => [r.line, r.cells])).toEqual([
      [1, ['text', 'note']],
      [2, ['a, b', 'say "hi"']],
      [3, ['line 1\nline 2', '']],
      [5, ['plain', 'x']],
    ]);
  });

  it('maps expected and metadata.<key> columns, and keeps every cell a string', () => {
    const items = parseDatasetItems('q,n,expected,metadata.src\nhi,3,"{""a"":1}",web\nyo,true,,\n', 'csv');
    expect(items).toEqual([
      { variables: { q: 'hi', n: '3' }, expected: '{"a":1}', metadata: { src: 'web' } },
      { variables: { q: 'yo', n: 'true' } },
    ]);
  });

  it('writes fields that need it in quotes, and reads its own output back', () => {
    const items = [
      { variables: { q: 'a, "b"\nc', blank: ' padded ' }, expected: 'ok', metadata: { m: 'x' } },
      { variables: { q: 'plain', blank: '' } },
    ];
    const csv = formatDatasetItems(items, 'csv');
    expect(csv).toBe('q,blank,expected,metadata.m\r\n"a, ""b""\nc"," padded ",ok,x\r\nplain,,,\r\n');
    expect(parseDatasetItems(csv, 'csv')).toEqual(items);
  });

  it('names the row and line of what it refuses', () => {
    expect(refusal(() => parseDatasetItems('a,b\n"x\ny",1\n2\n', 'csv'))).toMatch(/row 3 \(line 4\): 1 fields, but the header has 2/);
    expect(refusal(() => parseDatasetItems('a\nx"y\n', 'csv'))).toMatch(/line 2: a quote inside an unquoted field/);
    expect(refusal(() => parseDatasetItems('a\n"x"y\n', 'csv'))).toMatch(/line 2: text after a closing quote/);
    expect(refusal(() => parseDatasetItems('a\n"x\n', 'csv'))).toMatch(/line 2: a quoted field is never closed/);
    expect(refusal(() => parseDatasetItems('a,a\n1,2\n', 'csv'))).toMatch(/row 1.*"a" appears twice/);
  });

  it('refuses to write a variable whose name is a special column', () => {
    expect(refusal(() => formatDatasetItems([{ variables: { expected: 'x' } }], 'csv'))).toMatch(/export as JSONL/);
  });
});

describe('JSONL', () => {
  it('reads one item a line, skipping blank lines, and writes it back', () => {
    const text = '{"variables":{"n":1},"expected":[1,2]}\n\n  \n{"variables":{},"metadata":{"k":null}}\n';
    const items = parseDatasetItems(text, 'jsonl');
    expect(items).toEqual([{ variables: { n: 1 }, expected: [1, 2] }, { variables: {}, metadata: { k: null } }]);
    expect(parseDatasetItems(formatDatasetItems(items, 'jsonl'), 'jsonl')).toEqual(items);
  });

  it('names the line of what it refuses', () => {
    expect(refusal(() => parseDatasetItems('{"variables":{}}\n\n[1]\n', 'jsonl'))).toMatch(/JSONL: line 3/);
    expect(refusal(() => parseDatasetItems('{"variables":{}, "extra":1}\n', 'jsonl'))).toMatch(/JSONL: line 1/);
    expect(refusal(() => parseDatasetItems('nope\n', 'jsonl'))).toMatch(/JSONL: line 1: not valid JSON/);
  });
});
