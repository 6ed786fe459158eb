import { unstorable } from '@/lib/api/storable';
import type { DatasetItemInput } from '@/lib/datasets/datasets';
import { MAX_ITEMS_PER_CALL } from '@/lib/datasets/schemas';

// The table editor's model: one column per variable plus the `expected` column, one row per item.
// A column holds text (like a CSV cell: "42" stays the string "42") unless its "JSON values"
// switch is on; then every cell is parsed as JSON, so 42, true, null, [..] and {..} keep their
// types and text needs quotes. A column starts as JSON when the items it was loaded from hold a
// value that is not a string, so that opening and saving an item never changes its types.
//
// A variable cell is `null` when the item leaves that variable out (shown as "not set"): saving
// leaves it out again, while a cleared text cell is the empty string. A blank JSON cell is left
// out too, and a blank `expected` means no expected output, as in a CSV file.

export const EXPECTED = 'expected';

export type GridColumn = { key: string; name: string; json: boolean; role: 'variable' | 'expected' };
export type GridRow = { key: string; cells: Record<string, string | null>; metadata?: Record<string, unknown> };
export type ItemGrid = { columns: GridColumn[]; rows: GridRow[] };
/** `row`/`column` point at the cell (or column name) to mark; both left out for the whole table. */
export type GridProblem = { message: string; row?: number; column?: string };

/** What the browser sends in one server action: Next refuses bodies over 1 MB before the action runs. */
export const MAX_GRID_BYTES = 1_000_000;

let counter = 0;
const newKey = () => `k${++counter}`;

const expectedColumn = (json = false): GridColumn => ({ key: EXPECTED, name: EXPECTED, json, role: 'expected' });
const isText = (value: unknown) => value === undefined || value === null || typeof value === 'string';
const cellOf = (value: unknown, json: boolean): string | null => (value === undefined ? null : json ? JSON.stringify(value) : String(value));

/** A fresh table for a new dataset: one variable, one empty row. */
export function newGrid(): ItemGrid {
  const columns = [{ key: newKey(), name: 'input', json: false, role: 'variable' as const }, expectedColumn()];
  return { columns, rows: [emptyRow(columns)] };
}

export function gridFromItems(items: DatasetItemInput[]): ItemGrid {
  const names: string[] = [];
  for (const item of items) for (const name of Object.keys(item.variables)) if (!names.includes(name)) names.push(name);
  const columns: GridColumn[] = names.map((name) => ({
    key: newKey(),
    name,
    json: items.some((i) => !isText(i.variables[name]) || i.variables[name] === null),
    role: 'variable',
  }));
  const expected = expectedColumn(items.some((i) => !isText(i.expected)));
  columns.push(expected);
  const rows = items.map((item): GridRow => {
    const cells: GridRow['cells'] = {};
    for (const column of columns) {
      if (column.role === 'expected') {
        cells[column.key] = item.expected === undefined || item.expected === null ? '' : cellOf(item.expected, column.json);
      } else {
        cells[column.key] = cellOf(item.variables[column.name], column.json);
      }
    }
    return { key: newKey(), cells, ...(item.metadata ? { metadata: item.metadata } : {}) };
  });
  return { columns, rows };
}

/** The items a table stands for, or every problem that stops it from being saved. */
export function itemsFromGrid(grid: ItemGrid): { items: DatasetItemInput[]; problems: [] } | { items?: undefined; problems: GridProblem[] } {
  const problems = columnProblems(grid);
  if (grid.rows.length > MAX_ITEMS_PER_CALL) problems.push({ message: `${grid.rows.length} rows: at most ${MAX_ITEMS_PER_CALL} items at a time.` });
  const items: DatasetItemInput[] = [];
  grid.rows.forEach((row, index) => {
    const item: DatasetItemInput = { variables: {} };
    for (const column of grid.columns) {
      const text = row.cells[column.key] ?? null;
      const value = cellValue(text, column);
      if ('problem' in value) {
        problems.push({ message: `Row ${index + 1}, ${label(column)}: ${value.problem}`, row: index, column: column.key });
        continue;
      }
      if (value.value === undefined) continue;
      if (column.role === 'expected') item.expected = value.value;
      else item.variables[column.name.trim()] = value.value;
    }
    if (row.metadata) item.metadata = row.metadata;
    const stored = unstorable(item);
    if (stored) problems.push({ message: `Row ${index + 1}: ${stored.path.join('.')}: ${stored.message}`, row: index });
    items.push(item);
  });
  if (problems.length === 0) {
    const bytes = new TextEncoder().encode(JSON.stringify(items)).length;
    if (bytes > MAX_GRID_BYTES) problems.push({ message: `The items take ${Math.ceil(bytes / 1000)} kB; at most 1 MB is saved from here: use the API for larger sets.` });
  }
  return problems.length > 0 ? { problems } : { items, problems: [] };
}

/** Empty and repeated variable names: the table cannot be saved with either. */
export function columnProblems(grid: ItemGrid): GridProblem[] {
  const problems: GridProblem[] = [];
  const seen = new Set<string>();
  grid.columns.forEach((column, index) => {
    if (column.role !== 'variable') return;
    const name = column.name.trim();
    if (name === '') problems.push({ message: `Column ${index + 1} has no name.`, column: column.key });
    else if (seen.has(name)) problems.push({ message: `Two columns are named "${name}".`, column: column.key });
    seen.add(name);
  });
  return problems;
}

const label = (column: GridColumn) => (column.role === 'expected' ? 'expected' : `"${column.name.trim()}"`);

function cellValue(text: string | null, column: GridColumn): { value: unknown } | { problem: string } {
  if (text === null) return { value: undefined };
  if (!column.json) return { value: column.role === 'expected' && text === '' ? undefined : text };
  if (text.trim() === '') return { value: undefined };
  try {
    const value: unknown = JSON.parse(text);
    return { value: column.role === 'expected' && value === null ? undefined : value };
  } catch {
    return { problem: 'not valid JSON (put text in double quotes, or turn off JSON values for this column)' };
  }
}

// ---- edits: each returns a new grid, so React sees the change

export function emptyRow(columns: GridColumn[]): GridRow {
  return { key: newKey(), cells: Object.fromEntries(columns.map((c) => [c.key, ''])) };
}

export const setCell = (grid: ItemGrid, rowKey: string, columnKey: string, text: string): ItemGrid => ({
  ...grid,
  rows: grid.rows.map((r) => (r.key === rowKey ? { ...r, cells: { ...r.cells, [columnKey]: text } } : r)),
});

/** A row after `index` (at the end when left out). */
export function addRow(grid: ItemGrid, index = grid.rows.length - 1): ItemGrid {
  const rows = [...grid.rows];
  rows.splice(index + 1, 0, emptyRow(grid.columns));
  return { ...grid, rows };
}

export const removeRow = (grid: ItemGrid, rowKey: string): ItemGrid => ({ ...grid, rows: grid.rows.filter((r) => r.key !== rowKey) });

/** A new variable column, before `expected`; existing rows get an empty text cell. */
export function addColumn(grid: ItemGrid, name = ''): ItemGrid {
  const column: GridColumn = { key: newKey(), name, json: false, role: 'variable' };
  const at = grid.columns.findIndex((c) => c.role === 'expected');
  const columns = [...grid.columns];
  columns.splice(at === -1 ? columns.length : at, 0, column);
  return { columns, rows: grid.rows.map((r) => ({ ...r, cells: { ...r.cells, [column.key]: '' } })) };
}

/** Drops a variable column and its cells; the `expected` column cannot be removed. */
export function removeColumn(grid: ItemGrid, columnKey: string): ItemGrid {
  if (!grid.columns.some((c) => c.key === columnKey && c.role === 'variable')) return grid;
  return {
    columns: grid.columns.filter((c) => c.key !== columnKey),
    rows: grid.rows.map((r) => {
      const { [columnKey]: _removed, ...cells } = r.cells;
      return { ...r, cells };
    }),
  };
}

export const renameColumn = (grid: ItemGrid, columnKey: string, name: string): ItemGrid => ({
  ...grid,
  columns: grid.columns.map((c) => (c.key === columnKey && c.role === 'variable' ? { ...c, name } : c)),
});

/**
 * Turns a column's JSON values on or off, keeping what each cell means where it can: text
 * becomes a quoted JSON string ("hi" → `"hi"`, but `42` stays 42, the reason to turn JSON on),
 * and a JSON string loses its quotes when JSON goes off. Anything else keeps its text.
 */
export function setColumnJson(grid: ItemGrid, columnKey: string, json: boolean): ItemGrid {
  const column = grid.columns.find((c) => c.key === columnKey);
  if (!column || column.json === json) return grid;
  const convert = (text: string | null): string | null => {
    if (text === null || text === '') return text;
    if (json) return parsesAsJson(text) ? text : JSON.stringify(text);
    const parsed = parseJson(text);
    return typeof parsed === 'string' ? parsed : text;
  };
  return {
    columns: grid.columns.map((c) => (c.key === columnKey ? { ...c, json } : c)),
    rows: grid.rows.map((r) => ({ ...r, cells: { ...r.cells, [columnKey]: convert(r.cells[columnKey] ?? null) } })),
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const parsesAsJson = (text: string) => parseJson(text) !== undefined;
