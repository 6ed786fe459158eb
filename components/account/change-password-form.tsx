'use client';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import type { ActionResult } from '@/lib/auth/action';
import { describeFailure, type Failure } from '@/components/console/action-failure';
import { FieldError } from '@/components/console/form-field';

export type ChangePassword = (input: { current: string; next: string; confirm: string }) => Promise<
  ActionResult<{ changed: true; wasOneTime: boolean }>
>;

function PasswordField({ id, label, autoComplete, error, hint }: { id: string; label: string; autoComplete: string; error?: string; hint?: string }) {
  return (
    <div className="grid gap-2">
      <Label htmlFor={`password-${id}`}>{label}</Label>
      <Input id={`password-${id}`} name={id} type="password" autoComplete={autoComplete} required maxLength={200} aria-invalid={Boolean(error)} />
      {error ? <FieldError message={error} /> : hint ? <p className="text-xs text-muted-foreground">{hint}</p> : null}
    </div>
  );
}

/** Current password, new password twice. A one-time password, once replaced, opens the console. */
export function ChangePasswordForm({ changePassword, oneTime }: { changePassword: ChangePassword; oneTime: boolean }) {
  const router = useRouter();
  const [failure, setFailure] = useState<Failure | null>(null);
  const [done, setDone] = useState(false);
  const [pending, startTransition] = useTransition();

  // onSubmit rather than a form action: a refused change keeps what was typed.
  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const input = { current: String(form.get('current') ?? ''), next: String(form.get('next') ?? ''), confirm: String(form.get('confirm') ?? '') };
    startTransition(async () => {
      const result = await changePassword(input);
      if (!result.ok) {
        setDone(false);
        setFailure(describeFailure(result));
        return;
      }
      setFailure(null);
      setDone(true);
      formElement.reset();
      if (result.data.wasOneTime) router.push('/prompts');
    });
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>Change password</CardTitle>
        <CardDescription>Your other signed-in browsers are signed out; this one stays signed in.</CardDescription>
      </CardHeader>
      <CardContent>
        <form onSubmit={submit} className="grid gap-4" data-testid="change-password-form">
          <PasswordField
            id="current"
            label={oneTime ? 'One-time password' : 'Current password'}
            autoComplete="current-password"
            error={failure?.fields.current}
          />
          <PasswordField id="next" label="New password" autoComplete="new-password" error={failure?.fields.next} hint="At least 8 characters." />
          <PasswordField id="confirm" label="Confirm new password" autoComplete="new-password" error={failure?.fields.confirm} />
          {failure && (
            <Alert variant="destructive" data-testid="change-password-error">
              {failure.message}
            </Alert>
          )}
          {done && (
            <Alert variant="success" data-testid="password-changed">
              Password changed.
            </Alert>
          )}
          <div>
            <Button type="submit" disabled={pending} data-testid="change-password">
              {pending ? 'Changing…' : 'Change password'}
            </Button>
          </div>
        </form>
      </CardContent>
    </Card>
  );
}
