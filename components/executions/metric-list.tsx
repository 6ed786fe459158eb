import { Timestamp } from '@/components/console/timestamp';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { ExecutionMetricView } from '@/lib/executions/browse';

const value = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 12 });

export function MetricList({ metrics }: { metrics: ExecutionMetricView[] }) {
  if (metrics.length === 0) {
    return (
      <p className="text-sm text-muted-foreground" data-testid="execution-metrics-empty">
        No metrics yet. Applications report outcomes with <code className="font-mono">POST /api/v1/executions/&lt;id&gt;/metrics</code>.
      </p>
    );
  }
  return (
    <Table data-testid="execution-metrics">
      <TableHeader>
        <TableRow>
          <TableHead>Metric</TableHead>
          <TableHead className="text-right">Value</TableHead>
          <TableHead className="hidden text-right sm:table-cell">Reported</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {metrics.map((m) => (
          <TableRow key={m.name} data-testid={`execution-metric-${m.name}`}>
            <TableCell className="font-mono text-xs">{m.name}</TableCell>
            <TableCell className="text-right tabular-nums">{value.format(m.value)}</TableCell>
            <TableCell className="hidden text-right text-xs text-muted-foreground sm:table-cell">
              <Timestamp iso={m.updatedAt} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
