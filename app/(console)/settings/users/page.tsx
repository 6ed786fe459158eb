import { CreateUserDialog } from '@/components/settings/create-user-dialog';
import { UsersTable } from '@/components/settings/users-table';
import { pageActor } from '@/lib/auth/page';
import { listUsers } from '@/lib/auth/users';
import { changeUserRoleAction, createUserAction, resetPasswordAction, setUserDisabledAction } from './actions';

export const metadata = { title: 'Users' };

export default async function UsersPage() {
  const actor = await pageActor('admin');
  const users = await listUsers(actor);
  const active = users.filter((u) => !u.disabled).length;
  return (
    <div className="grid gap-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Users</h1>
          <p className="text-sm text-muted-foreground">
            {users.length} {users.length === 1 ? 'person' : 'people'}, {active} active. Viewers read, editors write prompts, admins do
            everything.
          </p>
        </div>
        <CreateUserDialog createUser={createUserAction} />
      </div>
      <UsersTable
        users={users}
        currentUserId={actor.type === 'user' ? actor.id : null}
        changeRole={changeUserRoleAction}
        setDisabled={setUserDisabledAction}
        resetPassword={resetPasswordAction}
      />
    </div>
  );
}
