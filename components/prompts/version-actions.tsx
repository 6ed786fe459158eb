'use client';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { moveLabel } from '@/app/(console)/prompts/actions';
import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from '@/components/ui/alert-dialog';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from '@/components/ui/dialog';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import type { ErrorBody } from '@/lib/api/errors';
import { ActionError } from './action-error';

type Failure = ErrorBody['error'];

/** Moves a label with the server action and refreshes the page, or keeps the dialog open with the reason it failed. */
function useMoveLabel(name: string, onDone: () => void) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [failure, setFailure] = useState<Failure | null>(null);
  const run = (label: string, version: number, reason: string) =>
    startTransition(async () => {
      setFailure(null);
      const result = await moveLabel({ name, label, version, reason: reason.trim() || undefined }).catch(() => null);
      if (!result) return setFailure({ code: 'internal', message: 'The server could not be reached.' });
      if (!result.ok) return setFailure(result.error);
      onDone();
      router.refresh();
    });
  return { run, pending, failure, reset: () => setFailure(null) };
}

type PromoteProps = { name: string; version: number; current: number | undefined };

/** Deploys a version: moves `production` to it after the admin confirms, naming both versions. */
export function PromoteButton({ name, version, current }: PromoteProps) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const move = useMoveLabel(name, () => setOpen(false));
  return (
    <AlertDialog
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        move.reset();
      }}
    >
      <AlertDialogTrigger asChild>
        <Button size="sm" data-testid={`promote-${version}`}>
          Promote to production
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Promote v{version} to production?</AlertDialogTitle>
          <AlertDialogDescription>
            {current === undefined
              ? `Applications asking for ${name} get v${version} from now on.`
              : `Applications asking for ${name} get v${version} instead of v${current} from now on.`}{' '}
            You can roll back from the label history.
          </AlertDialogDescription>
        </AlertDialogHeader>
        <div className="grid gap-1.5">
          <Label htmlFor={`promote-reason-${version}`}>Reason (optional)</Label>
          <Input id={`promote-reason-${version}`} value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
        </div>
        {move.failure && <ActionError error={move.failure} />}
        <AlertDialogFooter>
          <AlertDialogCancel>Cancel</AlertDialogCancel>
          <Button data-testid={`confirm-promote-${version}`} disabled={move.pending} onClick={() => move.run('production', version, reason)}>
            {move.pending ? 'Promoting…' : `Promote v${version}`}
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}

type SetLabelProps = { name: string; version: number; canDeploy: boolean; labels: Record<string, number> };

/** Points any label but `latest` at this version; production is admins' (the service refuses others). */
export function SetLabelButton({ name, version, canDeploy, labels }: SetLabelProps) {
  const [open, setOpen] = useState(false);
  const [label, setLabel] = useState('staging');
  const [reason, setReason] = useState('');
  const move = useMoveLabel(name, () => setOpen(false));
  const known = [...new Set(['staging', ...Object.keys(labels)])].filter((l) => l !== 'latest' && (canDeploy || l !== 'production'));
  const target = label.trim();
  const current = labels[target];
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        move.reset();
      }}
    >
      <DialogTrigger asChild>
        <Button size="sm" variant="outline" data-testid={`set-label-${version}`}>
          Set label…
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Point a label at v{version}</DialogTitle>
          <DialogDescription>
            Applications that ask for this label get v{version}.{!canDeploy && ' Only admins move production.'}
          </DialogDescription>
        </DialogHeader>
        <form
          className="grid gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            if (target) move.run(target, version, reason);
          }}
        >
          <div className="grid gap-1.5">
            <Label htmlFor={`label-name-${version}`}>Label</Label>
            <Input id={`label-name-${version}`} list={`known-labels-${version}`} value={label} onChange={(e) => setLabel(e.target.value)} required />
            <datalist id={`known-labels-${version}`}>
              {known.map((l) => (
                <option key={l} value={l} />
              ))}
            </datalist>
            <p className="text-xs text-muted-foreground">
              {current === undefined ? 'A new label for this prompt.' : current === version ? `Already on v${version}.` : `Moves from v${current} to v${version}.`}
            </p>
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor={`label-reason-${version}`}>Reason (optional)</Label>
            <Input id={`label-reason-${version}`} value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
          </div>
          {move.failure && <ActionError error={move.failure} />}
          <DialogFooter>
            <Button type="submit" disabled={move.pending || !target || current === version}>
              {move.pending ? 'Moving…' : `Point ${target || 'label'} at v${version}`}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
