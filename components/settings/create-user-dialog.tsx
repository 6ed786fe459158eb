'use client';
import { UserPlusIcon } from 'lucide-react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from '@/components/ui/dialog';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { NativeSelect } from '@/components/ui/native-select';
import type { ActionResult } from '@/lib/auth/action';
import type { PersonRole } from '@/lib/auth/schemas';
import type { UserView } from '@/lib/auth/users';
import { useActionDialog } from '@/components/console/action-dialog';
import { FieldError } from '@/components/console/form-field';
import { RoleOptions } from './role-options';

export type CreateUser = (input: { email: string; name?: string; password: string; role: PersonRole }) => Promise<ActionResult<UserView>>;

export function CreateUserDialog({ createUser }: { createUser: CreateUser }) {
  const dialog = useActionDialog();
  const { open, failure, pending } = dialog;

  // onSubmit rather than a form action: React resets a form after its action, and a
  // refused submission should keep what the person typed.
  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const name = String(form.get('name') ?? '').trim();
    const input = {
      email: String(form.get('email') ?? '').trim(),
      name: name || undefined,
      password: String(form.get('password') ?? ''),
      role: String(form.get('role') ?? 'viewer') as PersonRole,
    };
    dialog.submit(() => createUser(input));
  }

  return (
    <Dialog open={open} onOpenChange={dialog.onOpenChange}>
      <DialogTrigger asChild>
        <Button data-testid="create-user">
          <UserPlusIcon /> New user
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>New user</DialogTitle>
          <DialogDescription>They sign in with this email and password. Share the password with them yourself.</DialogDescription>
        </DialogHeader>
        <form onSubmit={submit} className="grid gap-4" data-testid="create-user-form">
          <div className="grid gap-2">
            <Label htmlFor="user-email">Email</Label>
            <Input id="user-email" name="email" type="email" autoComplete="off" required aria-invalid={Boolean(failure?.fields.email)} />
            <FieldError message={failure?.fields.email} />
          </div>
          <div className="grid gap-2">
            <Label htmlFor="user-name">
              Name <span className="font-normal text-muted-foreground">(optional)</span>
            </Label>
            <Input id="user-name" name="name" autoComplete="off" maxLength={200} />
            <FieldError message={failure?.fields.name} />
          </div>
          <div className="grid gap-2">
            <Label htmlFor="user-password">Password</Label>
            <Input
              id="user-password"
              name="password"
              type="password"
              autoComplete="new-password"
              required
              minLength={8}
              aria-invalid={Boolean(failure?.fields.password)}
            />
            {failure?.fields.password ? <FieldError message={failure?.fields.password} /> : <p className="text-xs text-muted-foreground">At least 8 characters.</p>}
          </div>
          <div className="grid gap-2">
            <Label htmlFor="user-role">Role</Label>
            <NativeSelect id="user-role" name="role" defaultValue="viewer">
              <RoleOptions holder="person" />
            </NativeSelect>
          </div>
          {failure && (
            <Alert variant="destructive" data-testid="create-user-error">
              {failure.message}
            </Alert>
          )}
          <DialogFooter>
            <Button type="button" variant="outline" onClick={dialog.close} disabled={pending}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending}>
              {pending ? 'Creating…' : 'Create user'}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
