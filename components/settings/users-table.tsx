import { Timestamp } from '@/components/console/timestamp';
import { Badge } from '@/components/ui/badge';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { UserView } from '@/lib/auth/users';
import { cn } from '@/lib/ui/cn';
import { ResetPasswordDialog, type ResetPassword } from './reset-password-dialog';
import { UserAccessControl, UserRoleControl, type ChangeUserRole, type SetUserDisabled } from './user-controls';

export function UsersTable({
  users,
  currentUserId,
  changeRole,
  setDisabled,
  resetPassword,
}: {
  users: UserView[];
  currentUserId: string | null;
  changeRole: ChangeUserRole;
  setDisabled: SetUserDisabled;
  resetPassword: ResetPassword;
}) {
  return (
    <Table data-testid="users-table">
      <TableHeader>
        <TableRow>
          <TableHead>User</TableHead>
          <TableHead>Role</TableHead>
          <TableHead className="hidden sm:table-cell">Status</TableHead>
          <TableHead className="hidden md:table-cell">Created</TableHead>
          <TableHead className="text-right">Access</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {users.map((u) => {
          const isSelf = u.id === currentUserId;
          return (
            <TableRow key={u.id} data-testid="user-row" data-email={u.email}>
              <TableCell className={cn(u.disabled && 'text-muted-foreground')}>
                <div className="font-medium wrap-anywhere">
                  {u.email}
                  {isSelf && <span className="ml-1 text-xs font-normal whitespace-nowrap text-muted-foreground">(you)</span>}
                </div>
                {u.name && <div className="text-xs text-muted-foreground">{u.name}</div>}
                {u.disabled && (
                  <Badge variant="destructive" className="mt-1 sm:hidden">
                    disabled
                  </Badge>
                )}
              </TableCell>
              <TableCell>
                <UserRoleControl user={u} isSelf={isSelf} changeRole={changeRole} />
              </TableCell>
              <TableCell className="hidden sm:table-cell">
                {u.disabled ? <Badge variant="destructive">disabled</Badge> : <Badge variant="outline">active</Badge>}
              </TableCell>
              <TableCell className="hidden text-xs whitespace-nowrap text-muted-foreground md:table-cell">
                <Timestamp iso={u.createdAt} />
              </TableCell>
              <TableCell className="text-right">
                <div className="flex flex-wrap justify-end gap-2">
                  {/* Your own password is changed on the Account page, with your current one. */}
                  {!isSelf && <ResetPasswordDialog user={u} resetPassword={resetPassword} />}
                  <UserAccessControl user={u} isSelf={isSelf} setDisabled={setDisabled} />
                </div>
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
