'use client';
/*
 * The table editor for a dataset's items. data-testids for end-to-end tests: item-editor (data-rows),
 *   item-editor-column (data-column: the column's position, 0-based), item-editor-column-name, item-editor-json,
 *   item-editor-remove-column, item-editor-add-column, item-editor-row, item-editor-cell (data-row, data-column),
 *   item-editor-remove-row, item-editor-add-row, item-editor-problems.
 */
import { useEffect, useRef } from 'react';
import { PlusIcon, XIcon } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { cn } from '@/lib/ui/cn';
import { compactJson, fullJson } from './compact-json';
import {
  addColumn,
  addRow,
  columnProblems,
  removeColumn,
  removeRow,
  renameColumn,
  setCell,
  setColumnJson,
  type GridColumn,
  type GridProblem,
  type ItemGrid,
} from './item-grid';

const MAX_SHOWN_PROBLEMS = 8;

type Props = {
  grid: ItemGrid;
  onChange: (grid: ItemGrid) => void;
  /** Problems of the cells, shown once a save was tried; column names are checked as they are typed. */
  problems: GridProblem[];
};

/** An editable grid: a column per variable and one for `expected`, a row per item. */
export function ItemEditor({ grid, onChange, problems }: Props) {
  const tableRef = useRef<HTMLTableElement>(null);
  const focusNext = useRef<string | null>(null);
  const nameProblems = columnProblems(grid);
  const shown = [...nameProblems, ...problems.filter((p) => !nameProblems.some((n) => n.message === p.message))];
  const hasMetadata = grid.rows.some((r) => r.metadata);

  // Enter in the last row adds a row; the new row's cell exists only after this render.
  useEffect(() => {
    if (!focusNext.current) return;
    tableRef.current?.querySelector<HTMLInputElement>(`[data-cell="${focusNext.current}"]`)?.focus();
    focusNext.current = null;
  });

  function onCellKey(event: React.KeyboardEvent<HTMLInputElement>, row: number, column: number) {
    if (event.key !== 'Enter' || event.nativeEvent.isComposing) return;
    event.preventDefault();
    const next = `${row + 1}:${column}`;
    if (row === grid.rows.length - 1) {
      focusNext.current = next;
      onChange(addRow(grid));
    } else {
      tableRef.current?.querySelector<HTMLInputElement>(`[data-cell="${next}"]`)?.focus();
    }
  }

  const cellProblem = (row: number, column: string) => problems.some((p) => p.row === row && p.column === column);

  return (
    <div className="grid gap-2">
      <p className="text-xs text-muted-foreground">
        Cells are text, as in a CSV file. Tick <b>JSON</b> on a column to type numbers, true/false, null, lists or objects there (text then needs
        &quot;quotes&quot;). A “not set” cell leaves the variable out. Enter moves down; in the last row it adds one.
      </p>
      <div className="overflow-x-auto rounded-lg border">
        <table ref={tableRef} className="w-full text-sm" data-testid="item-editor" data-rows={grid.rows.length}>
          <thead className="border-b bg-muted/40">
            <tr>
              <th className="w-10 px-2 py-2 text-right font-normal text-muted-foreground">#</th>
              {grid.columns.map((column, index) => (
                <ColumnHeader
                  key={column.key}
                  column={column}
                  index={index}
                  invalid={nameProblems.some((p) => p.column === column.key)}
                  onRename={(name) => onChange(renameColumn(grid, column.key, name))}
                  onJson={(json) => onChange(setColumnJson(grid, column.key, json))}
                  onRemove={() => onChange(removeColumn(grid, column.key))}
                />
              ))}
              {hasMetadata && <th className="px-2 py-2 text-left align-bottom font-medium">metadata (kept as is)</th>}
              <th className="w-10 px-1 py-2 align-bottom">
                <Button type="button" variant="ghost" size="icon" onClick={() => onChange(addColumn(grid))} title="Add a variable" data-testid="item-editor-add-column">
                  <PlusIcon />
                  <span className="sr-only">Add a variable column</span>
                </Button>
              </th>
            </tr>
          </thead>
          <tbody>
            {grid.rows.map((row, r) => (
              <tr key={row.key} className="border-b last:border-b-0" data-testid="item-editor-row">
                <td className="px-2 text-right align-middle tabular-nums text-muted-foreground">{r + 1}</td>
                {grid.columns.map((column, c) => {
                  const text = row.cells[column.key] ?? null;
                  return (
                    <td key={column.key} className="min-w-40 p-1">
                      <Input
                        value={text ?? ''}
                        placeholder={text === null ? 'not set' : undefined}
                        onChange={(e) => onChange(setCell(grid, row.key, column.key, e.target.value))}
                        onKeyDown={(e) => onCellKey(e, r, c)}
                        aria-label={`Row ${r + 1}, ${column.name || `column ${c + 1}`}`}
                        aria-invalid={cellProblem(r, column.key)}
                        spellCheck={false}
                        className={cn('h-8', column.json && 'font-mono text-xs', text === null && 'placeholder:italic')}
                        data-cell={`${r}:${c}`}
                        data-testid="item-editor-cell"
                        data-row={r}
                        data-column={c}
                      />
                    </td>
                  );
                })}
                {hasMetadata && (
                  <td className="max-w-xs truncate px-2 font-mono text-xs text-muted-foreground" title={fullJson(row.metadata)}>
                    {compactJson(row.metadata, 80)}
                  </td>
                )}
                <td className="px-1">
                  <Button type="button" variant="ghost" size="icon" onClick={() => onChange(removeRow(grid, row.key))} data-testid="item-editor-remove-row">
                    <XIcon />
                    <span className="sr-only">Remove row {r + 1}</span>
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div>
        <Button type="button" variant="outline" size="sm" onClick={() => onChange(addRow(grid))} data-testid="item-editor-add-row">
          <PlusIcon /> Add row
        </Button>
      </div>
      {shown.length > 0 && (
        <ul className="list-disc pl-5 text-xs text-destructive" role="alert" data-testid="item-editor-problems">
          {shown.slice(0, MAX_SHOWN_PROBLEMS).map((p, i) => (
            <li key={i}>{p.message}</li>
          ))}
          {shown.length > MAX_SHOWN_PROBLEMS && <li>and {shown.length - MAX_SHOWN_PROBLEMS} more.</li>}
        </ul>
      )}
    </div>
  );
}

type HeaderProps = {
  column: GridColumn;
  index: number;
  invalid: boolean;
  onRename: (name: string) => void;
  onJson: (json: boolean) => void;
  onRemove: () => void;
};

function ColumnHeader({ column, index, invalid, onRename, onJson, onRemove }: HeaderProps) {
  const jsonId = `item-editor-json-${column.key}`;
  return (
    <th className="min-w-40 p-1 text-left align-bottom font-normal" data-testid="item-editor-column" data-column={index}>
      <div className="flex items-center gap-2 px-1 pb-1 text-xs text-muted-foreground">
        <label htmlFor={jsonId} className="flex items-center gap-1" title="Parse this column's cells as JSON">
          <input id={jsonId} type="checkbox" checked={column.json} onChange={(e) => onJson(e.target.checked)} data-testid="item-editor-json" />
          JSON
        </label>
        {column.role === 'variable' && (
          <button type="button" onClick={onRemove} className="ml-auto hover:text-destructive" data-testid="item-editor-remove-column">
            remove<span className="sr-only"> column {column.name || index + 1}</span>
          </button>
        )}
      </div>
      {column.role === 'variable' ? (
        <Input
          value={column.name}
          onChange={(e) => onRename(e.target.value)}
          placeholder="variable name"
          aria-label={`Name of column ${index + 1}`}
          aria-invalid={invalid}
          spellCheck={false}
          className="h-8 font-mono text-xs font-medium"
          data-testid="item-editor-column-name"
        />
      ) : (
        <div className="flex h-8 items-center px-2 font-mono text-xs font-medium">expected</div>
      )}
    </th>
  );
}
