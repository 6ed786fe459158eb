import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { Performance } from '@/lib/executions/performance';
import { formatCost } from '@/components/console/usd';

export type PerformanceRow = { id: string; testId: string; label: React.ReactNode; figures: Performance };

export const NO_CALLS_YET = 'No model calls recorded yet — run it through /run, the gateway or the playground.';

const ms = (x: number | null) => (x === null ? '—' : `${x.toLocaleString('en-US', { maximumFractionDigits: 1 })} ms`);
const share = (x: number, calls: number) => (calls === 0 ? '—' : `${(x * 100).toFixed(1)}%`);

/** Calls, error rate, latency percentiles, cost and tokens, one row per version or variant. */
export function PerformanceTable({ rows, what }: { rows: PerformanceRow[]; what: string }) {
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>{what}</TableHead>
          <TableHead className="text-right">Calls</TableHead>
          <TableHead className="text-right">Errors</TableHead>
          <TableHead className="text-right">p50</TableHead>
          <TableHead className="text-right">p95</TableHead>
          <TableHead className="text-right">Mean cost</TableHead>
          <TableHead className="text-right">Per 1,000 calls</TableHead>
          <TableHead className="text-right">Tokens</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map(({ id, testId, label, figures: f }) => (
          <TableRow key={id} data-testid={testId}>
            <TableCell className="whitespace-nowrap">{label}</TableCell>
            <TableCell className="text-right tabular-nums">{f.calls.toLocaleString('en-US')}</TableCell>
            <TableCell className="text-right tabular-nums" title={`${f.errors} failed or timed out`}>
              {share(f.errorRate, f.calls)}
            </TableCell>
            <TableCell className="text-right whitespace-nowrap tabular-nums">{ms(f.p50LatencyMs)}</TableCell>
            <TableCell className="text-right whitespace-nowrap tabular-nums">{ms(f.p95LatencyMs)}</TableCell>
            <TableCell className="text-right tabular-nums">{formatCost(f.meanCostUsd)}</TableCell>
            <TableCell className="text-right tabular-nums">{formatCost(f.costPer1kUsd)}</TableCell>
            <TableCell className="text-right tabular-nums">{f.totalTokens.toLocaleString('en-US')}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
