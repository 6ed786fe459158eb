import { Badge } from '@/components/ui/badge';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { TraceSpan } from '@/lib/tracing/phoenix';
import { formatCount, formatLatency } from './figures';

/** A trace's spans as a tree: each child indented under its parent. */
export function TraceSpansTable({ spans }: { spans: TraceSpan[] }) {
  if (spans.length === 0) {
    return (
      <p className="text-sm text-muted-foreground" data-testid="trace-spans" data-count={0}>
        Phoenix has no spans for this trace yet. Spans leave Verso in batches and show up within a few seconds; reload to look again.
      </p>
    );
  }
  return (
    <Table data-testid="trace-spans" data-count={spans.length}>
      <TableHeader>
        <TableRow>
          <TableHead>Span</TableHead>
          <TableHead className="hidden sm:table-cell">Kind</TableHead>
          <TableHead className="text-right">Duration</TableHead>
          <TableHead className="text-right">Tokens</TableHead>
          <TableHead className="text-right">Status</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {spans.map((s) => (
          <TableRow key={s.spanId} data-testid={`trace-span-${s.spanId}`}>
            <TableCell style={{ paddingLeft: `${0.5 + Math.min(s.depth, 8) * 1}rem` }}>
              <span className="text-sm wrap-anywhere">{s.name}</span>
              <Badge variant="outline" className="ml-2 font-mono sm:hidden">
                {s.kind}
              </Badge>
            </TableCell>
            <TableCell className="hidden sm:table-cell">
              <Badge variant="outline" className="font-mono">
                {s.kind}
              </Badge>
            </TableCell>
            <TableCell className="text-right text-xs whitespace-nowrap tabular-nums">{formatLatency(s.durationMs === null ? null : Math.round(s.durationMs))}</TableCell>
            <TableCell className="text-right text-xs tabular-nums">{s.tokens === null ? '—' : formatCount(s.tokens)}</TableCell>
            <TableCell className="text-right">
              <Badge variant={s.status === 'ERROR' ? 'destructive' : s.status === 'OK' ? 'success' : 'outline'}>{s.status}</Badge>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
