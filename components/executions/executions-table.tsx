import Link from 'next/link';
import { Timestamp } from '@/components/console/timestamp';
import { formatUsd } from '@/components/console/usd';
import { promptPath } from '@/components/prompts/paths';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { ExecutionSummary } from '@/lib/executions/browse';
import { cn } from '@/lib/ui/cn';
import { ExecutionStatusBadge } from './execution-status-badge';
import { executionPath, executionsHref } from './execution-query';
import { formatLatency, formatTokens } from './figures';

// On a phone each row is a card (labelled values, wrapping); from md up it is a table row.
const cell = 'block px-0 py-0.5 align-top md:table-cell md:p-2';
const inline = 'inline-block px-0 py-0.5 pr-3 align-top md:table-cell md:p-2';
const phoneLabel = 'mr-1 text-xs text-muted-foreground md:hidden';
const number = 'md:text-right tabular-nums';

export function ExecutionsTable({ executions }: { executions: ExecutionSummary[] }) {
  return (
    <Table data-testid="executions-table" className="block md:table">
      <TableHeader className="hidden md:table-header-group">
        <TableRow>
          <TableHead>Time</TableHead>
          <TableHead>Prompt</TableHead>
          <TableHead>Variant</TableHead>
          <TableHead>Source</TableHead>
          <TableHead>Model</TableHead>
          <TableHead>Status</TableHead>
          <TableHead className="text-right">Latency</TableHead>
          <TableHead className="text-right">Tokens in / out</TableHead>
          <TableHead className="text-right">Cost</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody className="block md:table-row-group">
        {executions.map((e) => (
          <TableRow key={e.id} data-testid={`execution-row-${e.id}`} className="block py-2 md:table-row md:py-0">
            <TableCell className={cn(cell, 'text-xs whitespace-nowrap')}>
              <Link href={executionPath(e.id)} className="font-medium text-primary hover:underline" title="Open this execution">
                <Timestamp iso={e.createdAt} />
              </Link>
            </TableCell>
            <TableCell className={cell}>
              {e.promptName ? (
                <Link href={promptPath(e.promptName)} className="wrap-anywhere hover:underline">
                  <span className="font-medium">{e.promptName}</span>
                  <span className="text-muted-foreground">@{e.version}</span>
                </Link>
              ) : (
                <span className="text-muted-foreground">no prompt</span>
              )}
              {e.label && <span className="ml-1 text-xs text-muted-foreground">{e.label}</span>}
            </TableCell>
            <TableCell className={cell}>
              {e.variant ? (
                <Link href={`/experiments/${encodeURIComponent(e.experimentKey ?? '')}`} className="hover:underline" title={`Experiment ${e.experimentKey}`}>
                  <span className={phoneLabel}>Variant</span>
                  <span className="font-mono text-xs">{e.variant}</span>
                  <span className="ml-1 text-xs text-muted-foreground md:ml-0 md:block">{e.experimentKey}</span>
                </Link>
              ) : (
                <span className="hidden text-muted-foreground md:inline">—</span>
              )}
            </TableCell>
            <TableCell className={cn(inline, 'text-xs')}>
              <Link href={executionsHref({ source: e.source })} className="hover:underline" title="Only this source">
                {e.source}
              </Link>
            </TableCell>
            <TableCell className={cn(inline, 'text-xs')}>
              {e.model ? (
                <span title={e.provider ?? undefined} className="font-mono wrap-anywhere">
                  {e.model}
                </span>
              ) : (
                <span className="text-muted-foreground">—</span>
              )}
            </TableCell>
            <TableCell className={inline}>
              <ExecutionStatusBadge status={e.status} />
            </TableCell>
            <TableCell className={cn(inline, number, 'text-xs whitespace-nowrap')}>
              <span className={phoneLabel}>Latency</span>
              {formatLatency(e.latencyMs)}
            </TableCell>
            <TableCell className={cn(inline, number, 'text-xs whitespace-nowrap')}>
              <span className={phoneLabel}>Tokens</span>
              {formatTokens(e.inputTokens, e.outputTokens)}
            </TableCell>
            <TableCell className={cn(inline, number, 'text-xs whitespace-nowrap')} title={e.costUsd ? `${e.costUsd} USD` : undefined}>
              <span className={phoneLabel}>Cost</span>
              {e.costUsd ? formatUsd(e.costUsd) : '—'}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
