import Link from 'next/link';
import { Timestamp } from '@/components/console/timestamp';
import { Badge } from '@/components/ui/badge';
import type { DatasetVersionView } from '@/lib/datasets/datasets';
import { cn } from '@/lib/ui/cn';
import { datasetPath } from './paths';

/** Every version, newest first; each one links to its items (the version picker). */
export function VersionList({ name, versions, shown }: { name: string; versions: DatasetVersionView[]; shown: number }) {
  const latest = versions[0]?.version;
  return (
    <ol className="divide-y rounded-lg border" data-testid="dataset-versions">
      {versions.map((v) => (
        <li key={v.version} data-testid="dataset-version" data-version={v.version} className={cn('px-3 py-2 text-sm', v.version === shown && 'bg-accent')}>
          <Link href={datasetPath(name, v.version)} className="flex flex-wrap items-baseline gap-x-3 gap-y-1" aria-current={v.version === shown ? 'page' : undefined}>
            <span className="font-mono font-medium">v{v.version}</span>
            {v.version === latest && <Badge variant="secondary">latest</Badge>}
            <span className="tabular-nums" data-testid="dataset-version-items">
              {v.itemCount.toLocaleString('en-US')} {v.itemCount === 1 ? 'item' : 'items'}
            </span>
            <span className="min-w-0 flex-1 truncate text-muted-foreground">{v.message || 'No message'}</span>
            <span className="text-xs text-muted-foreground">
              {v.createdBy}, <Timestamp iso={v.createdAt} />
            </span>
          </Link>
        </li>
      ))}
    </ol>
  );
}
