'use client';
import { useState, useTransition } from 'react';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
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
import { CopyableSecret } from '@/components/console/copyable-secret';
import { describeFailure } from '@/components/console/action-failure';

export type ResetPassword = (input: { userId: string }) => Promise<ActionResult<{ email: string; oneTimePassword: string }>>;

/**
 * Asks, resets, then shows the one-time password once. It lives only in this component's
 * state; while it is on screen only the Done button closes the dialog.
 */
export function ResetPasswordDialog({ user, resetPassword }: { user: { id: string; email: string }; resetPassword: ResetPassword }) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState('');
  const [oneTime, setOneTime] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const close = () => {
    setOpen(false);
    setError('');
    setOneTime(null);
  };
  const reset = () =>
    startTransition(async () => {
      const result = await resetPassword({ userId: user.id });
      if (result.ok) {
        setError('');
        setOneTime(result.data.oneTimePassword);
      } else setError(describeFailure(result).message);
    });

  return (
    <AlertDialog open={open} onOpenChange={(next) => (next ? setOpen(true) : !pending && !oneTime && close())}>
      <AlertDialogTrigger asChild>
        <Button variant="outline" size="sm" data-testid="reset-password">
          Reset password
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        {oneTime ? (
          <>
            <AlertDialogHeader>
              <AlertDialogTitle>One-time password for {user.email}</AlertDialogTitle>
              <AlertDialogDescription>
                Give it to them yourself. It works for one sign-in, at which they must choose a new password.
              </AlertDialogDescription>
            </AlertDialogHeader>
            <Alert variant="warning">
              <AlertTitle>Copy it now</AlertTitle>
              <AlertDescription>It will not be shown again: Verso keeps only a hash of it.</AlertDescription>
            </Alert>
            <CopyableSecret secret={oneTime} label="one-time password" testId="one-time-password" />
            <AlertDialogFooter>
              <Button onClick={close} data-testid="close-one-time-password">
                Done
              </Button>
            </AlertDialogFooter>
          </>
        ) : (
          <>
            <AlertDialogHeader>
              <AlertDialogTitle>Reset the password of {user.email}?</AlertDialogTitle>
              <AlertDialogDescription>
                Their current password stops working and they are signed out everywhere. You get a one-time password to give them; at
                their next sign-in they choose their own.
              </AlertDialogDescription>
            </AlertDialogHeader>
            {error && (
              <Alert variant="destructive" data-testid="confirm-error">
                {error}
              </Alert>
            )}
            <AlertDialogFooter>
              <AlertDialogCancel disabled={pending}>Cancel</AlertDialogCancel>
              <Button variant="destructive" onClick={reset} disabled={pending} data-testid="confirm-reset-password">
                {pending ? 'Resetting…' : 'Reset password'}
              </Button>
            </AlertDialogFooter>
          </>
        )}
      </AlertDialogContent>
    </AlertDialog>
  );
}
