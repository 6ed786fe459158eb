import { ConsoleNav } from '@/components/console/nav';
import { pageActor } from '@/lib/auth/page';

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  // Every page checks its own actor; a user on a one-time password is sent to /account by the
  // page, so the layout around /account must let them through.
  const actor = await pageActor('viewer', { passwordChange: 'allowed' });
  return (
    <div className="flex min-h-screen flex-col">
      <ConsoleNav user={{ name: actor.name, role: actor.role, mustChangePassword: actor.mustChangePassword ?? false }} />
      <main className="mx-auto w-full max-w-7xl flex-1 px-3 py-4 sm:px-6 sm:py-6">{children}</main>
    </div>
  );
}
