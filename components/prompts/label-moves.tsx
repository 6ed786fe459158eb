import { ArrowRightIcon } from 'lucide-react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { LabelMoveView } from '@/lib/prompts/labels';
import { RollbackButton } from './rollback-button';
import { Timestamp } from '@/components/console/timestamp';

type Props = {
  name: string;
  moves: LabelMoveView[];
  labels: Record<string, number>;
  canEdit: boolean;
  canDeploy: boolean;
};

/** Every label move, newest first; each one with a previous version can be undone. */
export function LabelMoves({ name, moves, labels, canEdit, canDeploy }: Props) {
  if (moves.length === 0) {
    return (
      <p className="text-sm text-muted-foreground" data-testid="label-moves">
        No label has been moved yet. Promote a version to production or set a label on it, and each move shows up here.
      </p>
    );
  }
  return (
    <Table data-testid="label-moves">
      <TableHeader>
        <TableRow>
          <TableHead>Label</TableHead>
          <TableHead className="hidden sm:table-cell">Move</TableHead>
          <TableHead className="hidden sm:table-cell">By</TableHead>
          <TableHead className="hidden sm:table-cell">When</TableHead>
          <TableHead className="hidden md:table-cell">Reason</TableHead>
          {canEdit && <TableHead className="text-right">Undo</TableHead>}
        </TableRow>
      </TableHeader>
      <TableBody>
        {moves.map((m) => (
          <TableRow key={m.id} data-testid={`label-move-${m.id}`}>
            <TableCell>
              <Badge variant={m.label === 'production' ? 'success' : 'secondary'}>{m.label}</Badge>
              {/* On phones the other columns fold into this one. */}
              <div className="mt-1 space-y-0.5 text-xs sm:hidden">
                <Move move={m} />
                <p className="text-muted-foreground">
                  {m.movedBy}, <Timestamp iso={m.createdAt} className="whitespace-nowrap" />
                </p>
                {m.reason && <p className="text-muted-foreground">{m.reason}</p>}
              </div>
            </TableCell>
            <TableCell className="hidden sm:table-cell">
              <Move move={m} />
            </TableCell>
            <TableCell className="hidden whitespace-nowrap sm:table-cell">{m.movedBy}</TableCell>
            <TableCell className="hidden sm:table-cell">
              <Timestamp iso={m.createdAt} className="whitespace-nowrap" />
            </TableCell>
            <TableCell className="hidden max-w-[16rem] text-muted-foreground md:table-cell">{m.reason ?? ''}</TableCell>
            {canEdit && (
              <TableCell className="text-right">
                {m.fromVersion === null ? (
                  <span className="text-xs text-muted-foreground">nothing before</span>
                ) : m.label === 'production' && !canDeploy ? (
                  <span className="inline-flex flex-col items-end gap-0.5">
                    <Button size="sm" variant="outline" disabled aria-describedby={`admins-only-${m.id}`}>
                      Roll back
                    </Button>
                    <span id={`admins-only-${m.id}`} className="text-xs text-muted-foreground">
                      admins only
                    </span>
                  </span>
                ) : (
                  <RollbackButton
                    name={name}
                    moveId={m.id}
                    label={m.label}
                    fromVersion={m.fromVersion}
                    toVersion={m.toVersion}
                    current={labels[m.label]}
                  />
                )}
              </TableCell>
            )}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function Move({ move }: { move: LabelMoveView }) {
  return (
    <span className="font-mono whitespace-nowrap">
      {move.fromVersion === null ? <span className="text-muted-foreground">new</span> : `v${move.fromVersion}`}
      <ArrowRightIcon className="mx-1 inline size-3" aria-label="to" />v{move.toVersion}
    </span>
  );
}
