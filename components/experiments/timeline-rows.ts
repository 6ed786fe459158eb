import type { TimelinePoint } from '@/lib/experiments/timeline';

/** One row per time: each variant's value, and its interval under `bandKey(variant)`. */
export type ChartRow = { time: number } & Record<string, number | [number, number] | null>;

export const bandKey = (variant: string) => `${variant} band`;

/** The points as recharts wants them: one row per time, a column per variant (null when it had no units). */
export function chartRows(points: TimelinePoint[], variants: string[]): ChartRow[] {
  const rows = new Map<string, ChartRow>();
  for (const p of points) {
    if (!variants.includes(p.variant)) continue;
    let row = rows.get(p.time);
    if (!row) {
      row = { time: Date.parse(p.time) } as ChartRow;
      for (const v of variants) (row[v] = null), (row[bandKey(v)] = null);
      rows.set(p.time, row);
    }
    row[p.variant] = p.value;
    row[bandKey(p.variant)] = p.band;
  }
  return [...rows.values()].sort((a, b) => a.time - b.time);
}

/** Every number the chart draws, lines and bands, for fitting its axis. */
export function drawnValues(rows: ChartRow[], variants: string[]): number[] {
  return rows.flatMap((r) => variants.flatMap((v) => [r[v], r[bandKey(v)]].flat().filter((x): x is number => typeof x === 'number')));
}
