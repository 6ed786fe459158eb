/**
 * A value as one short line of JSON for a table cell: the full value is in the cell's tooltip,
 * and a long one is cut so that one big item cannot stretch the table. Strings are shown
 * without quotes (an expected output is usually text); a missing value is an empty cell.
 */
export function compactJson(value: unknown, max = 160): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const oneLine = text.replace(/\s*\n\s*/g, ' ');
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

/** The whole value, pretty-printed, for the tooltip. */
export const fullJson = (value: unknown) =>
  value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value, null, 2);
