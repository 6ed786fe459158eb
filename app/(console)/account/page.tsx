import { ChangePasswordForm } from '@/components/account/change-password-form';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { pageActor } from '@/lib/auth/page';
import { changePasswordAction } from './actions';

export const metadata = { title: 'Account' };

export default async function AccountPage() {
  // The one console page open to a user on a one-time password: it is where they choose a new one.
  const actor = await pageActor('viewer', { passwordChange: 'allowed' });
  return (
    <div className="grid max-w-xl gap-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Account</h1>
        <p className="text-sm text-muted-foreground" data-testid="account-email">
          Signed in as {actor.name} <Badge variant="outline">{actor.role}</Badge>
        </p>
      </div>
      {actor.mustChangePassword && (
        <Alert variant="warning" data-testid="must-change-password">
          <AlertTitle>Choose a new password</AlertTitle>
          <AlertDescription>
            You signed in with a one-time password from an admin. Choose your own password to continue; the console opens once you
            have.
          </AlertDescription>
        </Alert>
      )}
      <ChangePasswordForm changePassword={changePasswordAction} oneTime={actor.mustChangePassword ?? false} />
    </div>
  );
}
