'use client';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { NativeSelect } from '@/components/ui/native-select';
import type { ActionResult } from '@/lib/auth/action';
import type { PersonRole } from '@/lib/auth/schemas';
import type { UserView } from '@/lib/auth/users';
import { ConfirmDialog } from '@/components/console/confirm-dialog';
import { roleHint, RoleOptions } from './role-options';

export type ChangeUserRole = (input: { userId: string; role: PersonRole }) => Promise<ActionResult<UserView>>;
export type SetUserDisabled = (input: { userId: string; disabled: boolean }) => Promise<ActionResult<UserView>>;

type Target = Pick<UserView, 'id' | 'email' | 'role' | 'disabled'>;

/** The role select of a row: choosing a role asks first, then changes it. */
export function UserRoleControl({ user, isSelf, changeRole }: { user: Target; isSelf: boolean; changeRole: ChangeUserRole }) {
  const [chosen, setChosen] = useState<PersonRole | null>(null);
  const losesAdmin = isSelf && user.role === 'admin' && chosen !== 'admin';
  return (
    <>
      <NativeSelect
        aria-label={`Role of ${user.email}`}
        className="h-8 w-24 sm:w-28"
        value={chosen ?? user.role}
        onChange={(e) => setChosen(e.target.value as PersonRole)}
        data-testid="user-role"
      >
        <RoleOptions hints={false} holder="person" />
      </NativeSelect>
      <ConfirmDialog
        open={chosen !== null}
        onOpenChange={(open) => !open && setChosen(null)}
        title={`Make ${user.email} ${chosen === 'viewer' ? 'a' : 'an'} ${chosen}?`}
        description={
          <>
            {user.role} → {chosen}: {chosen ? roleHint[chosen] : ''}. It takes effect on their next click; they stay signed in.
            {losesAdmin && ' You are changing your own role: you will lose access to this page.'}
          </>
        }
        confirm={{ label: 'Change role', pending: 'Changing…', testId: 'confirm-role-change' }}
        run={() => changeRole({ userId: user.id, role: chosen! })}
      />
    </>
  );
}

/** Disable or enable a user, after asking. A disabled user is signed out at once and cannot sign in. */
export function UserAccessControl({ user, isSelf, setDisabled }: { user: Target; isSelf: boolean; setDisabled: SetUserDisabled }) {
  const [open, setOpen] = useState(false);
  const disabling = !user.disabled;
  if (isSelf && disabling) return <span className="text-xs text-muted-foreground">that is you</span>;
  return (
    <ConfirmDialog
      open={open}
      onOpenChange={setOpen}
      trigger={
        <Button variant={disabling ? 'outline' : 'secondary'} size="sm" data-testid={disabling ? 'disable-user' : 'enable-user'}>
          {disabling ? 'Disable' : 'Enable'}
        </Button>
      }
      title={`${disabling ? 'Disable' : 'Enable'} ${user.email}?`}
      description={
        disabling
          ? 'They are signed out at once and cannot sign in until you enable them again. Their prompts, versions and audit history stay.'
          : `They can sign in again with their old password, as ${user.role}.`
      }
      confirm={
        disabling
          ? { label: 'Disable user', pending: 'Disabling…', destructive: true, testId: 'confirm-disable-user' }
          : { label: 'Enable user', pending: 'Enabling…', testId: 'confirm-enable-user' }
      }
      run={() => setDisabled({ userId: user.id, disabled: disabling })}
    />
  );
}
