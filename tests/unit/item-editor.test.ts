import { describe, expect, it } from 'vitest';
import {
  addColumn,
  addRow,
  columnProblems,
  EXPECTED,
  gridFromItems,
  itemsFromGrid,
  newGrid,
  removeColumn,
  removeRow,
  renameColumn,
  setCell,
  setColumnJson,
  type ItemGrid,
} from '@/components/datasets/item-grid';
import type { DatasetItemInput } from '@/lib/datasets/datasets';

const saved = (grid: ItemGrid) => {
  const result = itemsFromGrid(grid);
  expect(result.problems).toEqual([]);
  return result.items!;
};
const column = (grid: ItemGrid, name: string) => grid.columns.find((c) => c.name === name)!;

describe('the table editor’s grid', () => {
  it('gives back the very items it was loaded from, types, left-out variables and metadata included', () => {
    const items: DatasetItemInput[] = [
      { variables: { question: 'What is 2+2?', n: 2 }, expected: '4', metadata: { source: 'manual', tags: ['math'] } },
      { variables: { question: '42', n: null, context: { doc: 'a' } }, expected: { answer: 42 } },
      { variables: { question: '' } },
    ];
    const grid = gridFromItems(items);
    expect(grid.columns.map((c) => [c.name, c.json])).toEqual([
      ['question', false],
      ['n', true],
      ['context', true],
      [EXPECTED, true],
    ]);
    // "42" stays text in a text column; the third item has no n and no context ("not set").
    expect(grid.rows[1]!.cells[column(grid, 'question').key]).toBe('42');
    expect(grid.rows[2]!.cells[column(grid, 'n').key]).toBeNull();
    expect(saved(grid)).toEqual(items);
  });

  it('keeps text columns as text, like a CSV cell, and leaves an empty expected out', () => {
    let grid = newGrid();
    const input = column(grid, 'input').key;
    grid = setCell(grid, grid.rows[0]!.key, input, '42');
    expect(saved(grid)).toEqual([{ variables: { input: '42' } }]);
    grid = setCell(grid, grid.rows[0]!.key, EXPECTED, 'forty-two');
    expect(saved(grid)).toEqual([{ variables: { input: '42' }, expected: 'forty-two' }]);
  });

  it('parses a JSON column’s cells and names the row and column of one that is not JSON', () => {
    let grid = newGrid();
    const input = column(grid, 'input').key;
    grid = setColumnJson(grid, input, true);
    grid = setCell(grid, grid.rows[0]!.key, input, '[1, 2]');
    expect(saved(grid)).toEqual([{ variables: { input: [1, 2] } }]);
    grid = addRow(grid);
    grid = setCell(grid, grid.rows[1]!.key, input, 'hello');
    const result = itemsFromGrid(grid);
    expect(result.items).toBeUndefined();
    expect(result.problems).toEqual([{ message: expect.stringMatching(/^Row 2, "input": not valid JSON/), row: 1, column: input }]);
  });

  it('switching JSON on quotes plain text but keeps numbers numbers, and switching it off unquotes', () => {
    let grid = gridFromItems([{ variables: { q: 'hi' } }, { variables: { q: '7' } }]);
    const q = column(grid, 'q').key;
    grid = setColumnJson(grid, q, true);
    expect(grid.rows.map((r) => r.cells[q])).toEqual(['"hi"', '7']);
    expect(saved(grid).map((i) => i.variables.q)).toEqual(['hi', 7]);
    grid = setColumnJson(grid, q, false);
    expect(grid.rows.map((r) => r.cells[q])).toEqual(['hi', '7']);
    expect(saved(grid).map((i) => i.variables.q)).toEqual(['hi', '7']);
  });

  it('refuses empty and repeated column names', () => {
    let grid = addColumn(newGrid());
    expect(columnProblems(grid).map((p) => p.message)).toEqual(['Column 2 has no name.']);
    grid = renameColumn(grid, grid.columns[1]!.key, ' input ');
    expect(columnProblems(grid).map((p) => p.message)).toEqual(['Two columns are named "input".']);
    expect(itemsFromGrid(grid).items).toBeUndefined();
    grid = renameColumn(grid, grid.columns[1]!.key, ' topic ');
    expect(saved(grid)).toEqual([{ variables: { input: '', topic: '' } }]);
  });

  it('adds and removes rows and columns; the expected column stays', () => {
    let grid = gridFromItems([{ variables: { a: 'x', b: 'y' }, expected: 'e1' }, { variables: { a: 'z', b: 'w' } }]);
    grid = removeColumn(grid, column(grid, 'b').key);
    grid = removeColumn(grid, EXPECTED);
    grid = addRow(grid, 0);
    grid = setCell(grid, grid.rows[1]!.key, column(grid, 'a').key, 'new');
    grid = removeRow(grid, grid.rows[2]!.key);
    expect(saved(grid)).toEqual([{ variables: { a: 'x' }, expected: 'e1' }, { variables: { a: 'new' } }]);
  });

  it('holds to the service’s limits: NUL characters, 10,000 items, 1 MB', () => {
    let grid = newGrid();
    grid = setCell(grid, grid.rows[0]!.key, grid.columns[0]!.key, 'a\u0000b');
    expect(itemsFromGrid(grid).problems[0]!.message).toMatch(/^Row 1: variables.input: text cannot contain the NUL character/);

    const many = gridFromItems(Array.from({ length: 10_001 }, (_, i) => ({ variables: { n: String(i) } })));
    expect(itemsFromGrid(many).problems.map((p) => p.message)).toEqual(['10001 rows: at most 10000 items at a time.']);

    const big = gridFromItems(Array.from({ length: 3 }, () => ({ variables: { text: 'x'.repeat(400_000) } })));
    expect(itemsFromGrid(big).problems[0]!.message).toMatch(/1 MB.*API/);
  });
});
