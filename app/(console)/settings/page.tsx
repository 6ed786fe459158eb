import { redirect } from 'next/navigation';
import { ACCOUNT_PATH, pageActor } from '@/lib/auth/page';
import { hasRole } from '@/lib/auth/roles';

// /settings has no page of its own: admins manage users there, everyone else their own account.
export default async function SettingsPage() {
  const actor = await pageActor('viewer');
  redirect(hasRole(actor, 'admin') ? '/settings/users' : ACCOUNT_PATH);
}
