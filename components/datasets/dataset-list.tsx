import Link from 'next/link';
import { Timestamp } from '@/components/console/timestamp';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { DatasetSummary } from '@/lib/datasets/datasets';
import { datasetPath } from './paths';

export function DatasetList({ datasets }: { datasets: DatasetSummary[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border" data-testid="dataset-list">
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead>Name</TableHead>
            <TableHead>Description</TableHead>
            <TableHead className="text-right">Latest version</TableHead>
            <TableHead className="text-right">Items</TableHead>
            <TableHead>Created</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {datasets.map((d) => (
            <TableRow key={d.name} data-testid="dataset-row" data-name={d.name}>
              <TableCell className="font-medium">
                <Link href={datasetPath(d.name)} className="hover:underline">
                  {d.name}
                </Link>
              </TableCell>
              <TableCell className="max-w-md truncate text-muted-foreground" title={d.description}>
                {d.description}
              </TableCell>
              <TableCell className="text-right tabular-nums">v{d.latestVersion}</TableCell>
              <TableCell className="text-right tabular-nums" data-testid="dataset-item-count">
                {d.itemCount.toLocaleString('en-US')}
              </TableCell>
              <TableCell className="text-sm whitespace-nowrap text-muted-foreground">
                <Timestamp iso={d.createdAt} /> by {d.createdBy}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
