import Link from 'next/link';
import { Button } from '@/components/ui/button';
import type { VersionView } from '@/lib/prompts/versions';
import { cn } from '@/lib/ui/cn';
import { LabelBadges } from './label-badges';
import { editPath } from './paths';
import { Timestamp } from '@/components/console/timestamp';
import { PromoteButton, SetLabelButton } from './version-actions';

type Props = {
  name: string;
  versions: VersionView[];
  labels: Record<string, number>;
  canEdit: boolean;
  canDeploy: boolean;
  saved?: number;
};

/** Every version, newest first, with what can be done from each. */
export function VersionHistory({ name, versions, labels, canEdit, canDeploy, saved }: Props) {
  return (
    <ol className="divide-y rounded-lg border" data-testid="version-history">
      {versions.map((v) => (
        <li
          key={v.version}
          className={cn('flex flex-col gap-2 p-3 md:flex-row md:items-center md:gap-4', v.version === saved && 'bg-accent')}
          data-testid={`version-row-${v.version}`}
        >
          <div className="min-w-0 flex-1 space-y-1">
            <div className="flex flex-wrap items-center gap-2">
              <span className="font-mono font-semibold">v{v.version}</span>
              <LabelBadges labels={v.labels} />
              {v.version === saved && <span className="text-xs font-medium text-success">just saved</span>}
            </div>
            <p className={cn('text-sm break-words', !v.commitMessage && 'text-muted-foreground italic')}>{v.commitMessage || 'No commit message'}</p>
            <p className="text-xs text-muted-foreground">
              {v.type} · by {v.createdBy} · <Timestamp iso={v.createdAt} className="whitespace-nowrap" />
            </p>
          </div>
          {canEdit && (
            <div className="flex flex-wrap gap-2">
              <Button asChild size="sm" variant="outline">
                <Link href={editPath(name, v.version)} data-testid={`edit-from-${v.version}`}>
                  Edit from here
                </Link>
              </Button>
              <SetLabelButton name={name} version={v.version} canDeploy={canDeploy} labels={labels} />
              {canDeploy && !v.labels.includes('production') && <PromoteButton name={name} version={v.version} current={labels.production} />}
            </div>
          )}
        </li>
      ))}
    </ol>
  );
}
