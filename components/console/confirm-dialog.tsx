'use client';
import { useState, useTransition } from 'react';
import { Alert } from '@/components/ui/alert';
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
import type { ActionResult } from '@/lib/auth/action';
import { describeFailure } from './action-failure';

type ConfirmDialogProps = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The button that opens the dialog; leave out when something else opens it (a select). */
  trigger?: React.ReactNode;
  title: React.ReactNode;
  description: React.ReactNode;
  confirm: { label: string; pending: string; destructive?: boolean; testId: string };
  run: () => Promise<ActionResult<unknown>>;
};

/**
 * Asks before a change, runs it, and stays open while it runs to show why it was refused
 * (last admin, already gone…). Radix's own Action button would close before the answer.
 */
export function ConfirmDialog({ open, onOpenChange, trigger, title, description, confirm, run }: ConfirmDialogProps) {
  const [error, setError] = useState('');
  const [pending, startTransition] = useTransition();

  const change = (next: boolean) => {
    if (pending) return;
    if (!next) setError('');
    onOpenChange(next);
  };
  const go = () =>
    startTransition(async () => {
      const result = await run();
      if (result.ok) {
        setError('');
        onOpenChange(false);
      } else setError(describeFailure(result).message);
    });

  return (
    <AlertDialog open={open} onOpenChange={change}>
      {trigger && <AlertDialogTrigger asChild>{trigger}</AlertDialogTrigger>}
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>{title}</AlertDialogTitle>
          <AlertDialogDescription>{description}</AlertDialogDescription>
        </AlertDialogHeader>
        {error && (
          <Alert variant="destructive" data-testid="confirm-error">
            {error}
          </Alert>
        )}
        <AlertDialogFooter>
          <AlertDialogCancel disabled={pending}>Cancel</AlertDialogCancel>
          <Button variant={confirm.destructive ? 'destructive' : 'default'} onClick={go} disabled={pending} data-testid={confirm.testId}>
            {pending ? confirm.pending : confirm.label}
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
