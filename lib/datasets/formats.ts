import { VersoError } from '@/lib/api/errors';
import { unstorable } from '@/lib/api/storable';
import type { DatasetItemInput } from './datasets';
import { datasetItemInput, MAX_ITEMS_PER_CALL, type DatasetFormat } from './schemas';

// Files people keep their cases in. JSONL keeps every JSON type; CSV is for spreadsheets and
// holds text only: a cell is a string even when it looks like a number or JSON, so that a
// cell's value never depends on a guess about what it looks like.
//
// CSV (RFC 4180: comma-separated, fields quoted with " and "" inside quotes, CRLF or LF):
// the first row names the columns; `expected` is the expected output, `metadata.<key>` goes to
// metadata, every other column is a variable. An empty `expected` or `metadata.*` cell means none.

const EXPECTED = 'expected';
const METADATA = 'metadata.';

const invalid = (message: string, where: string) =>
  new VersoError('invalid', `Invalid ${message}`, { issues: [{ path: where, message, code: 'invalid_format' }] });

export function parseDatasetItems(text: string, format: DatasetFormat): DatasetItemInput[] {
  const items = format === 'csv' ? parseCsvItems(text) : parseJsonlItems(text);
  if (items.length > MAX_ITEMS_PER_CALL) throw invalid(`file: ${items.length} items; at most ${MAX_ITEMS_PER_CALL} at a time`, '');
  return items;
}

export function formatDatasetItems(items: DatasetItemInput[], format: DatasetFormat): string {
  return format === 'csv' ? formatCsv(items) : items.map((i) => `${JSON.stringify(plainItem(i))}\n`).join('');
}

// ---- JSONL

function parseJsonlItems(text: string): DatasetItemInput[] {
  const items: DatasetItemInput[] = [];
  const lines = stripBom(text).split(/\r?\n/);
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const where = `line ${index + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw invalid(`JSONL: ${where}: not valid JSON (${(error as Error).message})`, where);
    }
    items.push(checkedItem(value, where, 'JSONL'));
  });
  return items;
}

function checkedItem(value: unknown, where: string, format: string): DatasetItemInput {
  const parsed = datasetItemInput.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    throw invalid(`${format}: ${where}: ${path}${issue.message} (an item is { "variables": {...}, "expected"?: ..., "metadata"?: {...} })`, where);
  }
  const problem = unstorable(parsed.data);
  if (problem) throw invalid(`${format}: ${where}: ${problem.path.join('.')}: ${problem.message}`, where);
  return parsed.data;
}

const plainItem = (i: DatasetItemInput): DatasetItemInput => ({
  variables: i.variables,
  ...(i.expected !== undefined && i.expected !== null ? { expected: i.expected } : {}),
  ...(i.metadata ? { metadata: i.metadata } : {}),
});

// ---- CSV

type Row = { cells: string[]; line: number };

/** Records of an RFC 4180 file, each with the line it starts on (a quoted cell may span lines). */
export function parseCsv(text: string): Row[] {
  const source = stripBom(text);
  const rows: Row[] = [];
  let cells: string[] = [];
  let cell = '';
  let line = 1;
  let rowLine = 1;
  let i = 0;
  let atCellStart = true;
  const endCell = () => {
    cells.push(cell);
    cell = '';
    atCellStart = true;
  };
  const endRow = () => {
    endCell();
    // A blank line is no record (a trailing newline, or blank lines between rows).
    if (!(cells.length === 1 && cells[0] === '')) rows.push({ cells, line: rowLine });
    cells = [];
  };
  while (i < source.length) {
    const c = source[i]!;
    if (atCellStart && c === '"') {
      const start = line;
      i++;
      for (;;) {
        if (i >= source.length) throw invalid(`CSV: row starting on line ${start}: a quoted field is never closed`, `line ${start}`);
        const q = source[i]!;
        if (q === '"') {
          if (source[i + 1] === '"') {
            cell += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (q === '\n') line++;
        cell += q;
        i++;
      }
      atCellStart = false;
      const next = source[i];
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
        throw invalid(`CSV: line ${line}: text after a closing quote (write "" for a quote inside a quoted field)`, `line ${line}`);
      }
      continue;
    }
    if (c === ',') {
      endCell();
      i++;
    } else if (c === '\n' || c === '\r') {
      endRow();
      i += c === '\r' && source[i + 1] === '\n' ? 2 : 1;
      line++;
      rowLine = line;
    } else if (c === '"') {
      throw invalid(`CSV: line ${line}: a quote inside an unquoted field (quote the whole field and write "" for the quote)`, `line ${line}`);
    } else {
      cell += c;
      atCellStart = false;
      i++;
    }
  }
  if (cell !== '' || cells.length > 0) endRow();
  return rows;
}

function parseCsvItems(text: string): DatasetItemInput[] {
  const rows = parseCsv(text);
  const header = rows[0];
  if (!header) return [];
  const columns = header.cells.map((c) => c.trim());
  columns.forEach((name, index) => {
    if (name === '' || name === METADATA) throw invalid(`CSV: row 1 (the header): column ${index + 1} has no name`, 'row 1');
    if (columns.indexOf(name) !== index) throw invalid(`CSV: row 1 (the header): column "${name}" appears twice`, 'row 1');
  });
  return rows.slice(1).map((row, index) => {
    const where = `row ${index + 2} (line ${row.line})`;
    if (row.cells.length !== columns.length) {
      throw invalid(`CSV: ${where}: ${row.cells.length} fields, but the header has ${columns.length}`, `row ${index + 2}`);
    }
    const item: DatasetItemInput = { variables: {} };
    const metadata: Record<string, unknown> = {};
    columns.forEach((name, c) => {
      const value = row.cells[c]!;
      if (name === EXPECTED) {
        if (value !== '') item.expected = value;
      } else if (name.startsWith(METADATA)) {
        if (value !== '') metadata[name.slice(METADATA.length)] = value;
      } else item.variables[name] = value;
    });
    if (Object.keys(metadata).length > 0) item.metadata = metadata;
    return checkedItem(item, `row ${index + 2}`, 'CSV');
  });
}

function formatCsv(items: DatasetItemInput[]): string {
  const variables = new Set<string>();
  const metadata = new Set<string>();
  let hasExpected = false;
  for (const item of items) {
    for (const key of Object.keys(item.variables)) {
      if (key === EXPECTED || key.startsWith(METADATA)) {
        throw new VersoError('invalid', `A variable named "${key}" cannot be written as CSV (the column means something else there); export as JSONL.`);
      }
      variables.add(key);
    }
    for (const key of Object.keys(item.metadata ?? {})) metadata.add(key);
    if (item.expected !== undefined && item.expected !== null) hasExpected = true;
  }
  const header = [...variables, ...(hasExpected ? [EXPECTED] : []), ...[...metadata].map((k) => METADATA + k)];
  const lines = [header.map(csvField).join(',')];
  for (const item of items) {
    const cells = [
      ...[...variables].map((k) => cellText(item.variables[k])),
      ...(hasExpected ? [cellText(item.expected)] : []),
      ...[...metadata].map((k) => cellText(item.metadata?.[k])),
    ];
    lines.push(cells.map(csvField).join(','));
  }
  return items.length === 0 && header.length === 0 ? '' : `${lines.join('\r\n')}\r\n`;
}

/** A value as cell text: strings as they are, anything else as JSON (which reads back as a string). */
const cellText = (value: unknown) => (value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value));

const csvField = (text: string) => (/[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);

const stripBom = (text: string) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
