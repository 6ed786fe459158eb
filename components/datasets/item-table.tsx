import Link from 'next/link';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { DatasetItemView } from '@/lib/datasets/datasets';
import { compactJson, fullJson } from './compact-json';

function JsonCell({ value, testId }: { value: unknown; testId?: string }) {
  return (
    <TableCell className="max-w-xs font-mono text-xs wrap-anywhere" title={fullJson(value)} data-testid={testId}>
      {compactJson(value)}
    </TableCell>
  );
}

/** One version's items, in order; every cell shows its full value on hover. */
export function ItemTable({ items }: { items: DatasetItemView[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border">
      <Table data-testid="dataset-items" data-count={items.length}>
        <TableHeader>
          <TableRow>
            <TableHead className="w-12 text-right">#</TableHead>
            <TableHead>Variables</TableHead>
            <TableHead>Expected</TableHead>
            <TableHead>Metadata</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {items.map((item) => (
            <TableRow key={item.position} data-testid="dataset-item">
              <TableCell className="text-right align-top tabular-nums text-muted-foreground">
                {item.sourceExecutionId ? (
                  <Link href={`/executions/${item.sourceExecutionId}`} className="underline" title="From this execution">
                    {item.position}
                  </Link>
                ) : (
                  item.position
                )}
              </TableCell>
              <JsonCell value={item.variables} testId="dataset-item-variables" />
              <JsonCell value={item.expected} />
              <JsonCell value={item.metadata} />
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
