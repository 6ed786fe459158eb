'use client';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { rollback } from '@/app/(console)/prompts/actions';
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
import type { ErrorBody } from '@/lib/api/errors';
import { ActionError } from './action-error';

type Props = { name: string; moveId: string; label: string; fromVersion: number; toVersion: number; current: number | undefined };

/** Restores the label to where this move took it from, after a confirmation that names both versions. */
export function RollbackButton({ name, moveId, label, fromVersion, toVersion, current }: Props) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [pending, startTransition] = useTransition();
  const [failure, setFailure] = useState<ErrorBody['error'] | null>(null);
  const confirm = () =>
    startTransition(async () => {
      setFailure(null);
      const result = await rollback({ name, moveId }).catch(() => null);
      if (!result) return setFailure({ code: 'internal', message: 'The server could not be reached.' });
      if (!result.ok) return setFailure(result.error);
      setOpen(false);
      router.refresh();
    });
  return (
    <AlertDialog
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        setFailure(null);
      }}
    >
      <AlertDialogTrigger asChild>
        <Button size="sm" variant="outline" data-testid={`rollback-${moveId}`}>
          Roll back
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>
            Roll {label} back to v{fromVersion}?
          </AlertDialogTitle>
          <AlertDialogDescription>
            This move took {label} from v{fromVersion} to v{toVersion}.{' '}
            {current === fromVersion
              ? `${label} already points at v${fromVersion}, so nothing will change.`
              : `${label} now points at v${current ?? '?'}; it will point at v${fromVersion} again, and the rollback is recorded as a new move.`}
          </AlertDialogDescription>
        </AlertDialogHeader>
        {failure && <ActionError error={failure} />}
        <AlertDialogFooter>
          <AlertDialogCancel>Cancel</AlertDialogCancel>
          <Button variant={label === 'production' ? 'destructive' : 'default'} data-testid={`confirm-rollback-${moveId}`} disabled={pending} onClick={confirm}>
            {pending ? 'Rolling back…' : `Roll back to v${fromVersion}`}
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
