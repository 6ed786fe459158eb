'use client';
import Link from 'next/link';
import { UserRoundIcon } from 'lucide-react';
import { usePathname } from 'next/navigation';
import { signOut } from 'next-auth/react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { cn } from '@/lib/ui/cn';

type Item = { href: string; label: string; admin?: boolean };

const items: Item[] = [
  { href: '/prompts', label: 'Prompts' },
  { href: '/experiments', label: 'Experiments' },
  { href: '/datasets', label: 'Datasets' },
  { href: '/evals', label: 'Evals' },
  { href: '/executions', label: 'Executions' },
  { href: '/playground', label: 'Playground' },
  { href: '/models', label: 'Models', admin: true },
  { href: '/audit', label: 'Audit log', admin: true },
  { href: '/settings/users', label: 'Users', admin: true },
  { href: '/settings/api-keys', label: 'API keys', admin: true },
];

export function ConsoleNav({ user }: { user: { name: string; role: string; mustChangePassword?: boolean } }) {
  const pathname = usePathname();
  // On a one-time password every other page sends them back to /account: no links to follow.
  const visible = user.mustChangePassword ? [] : items.filter((i) => !i.admin || user.role === 'admin');
  return (
    <header className="border-b bg-background">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-4 gap-y-2 px-3 py-2 sm:px-6">
        <Link href="/prompts" className="text-lg font-bold tracking-tight">
          Verso
        </Link>
        {/* Narrow screens wrap the links onto a second row rather than scroll them out of sight. */}
        <nav className="order-3 flex w-full flex-wrap gap-1 sm:order-none sm:w-auto" aria-label="Console">
          {visible.map((item) => (
            <Link
              key={item.href}
              href={item.href}
              className={cn(
                'rounded-md px-3 py-1.5 text-sm whitespace-nowrap hover:bg-accent',
                pathname.startsWith(item.href) && 'bg-accent font-medium',
              )}
            >
              {item.label}
            </Link>
          ))}
        </nav>
        <div className="ml-auto flex items-center gap-2 text-sm">
          <Link
            href="/account"
            className={cn('rounded-md px-2 py-1 text-muted-foreground hover:bg-accent hover:text-foreground', pathname === '/account' && 'bg-accent')}
            data-testid="current-user"
            title="Your account: change your password"
          >
            <UserRoundIcon className="inline size-4 sm:hidden" aria-hidden />
            <span className="sr-only sm:not-sr-only">{user.name}</span>
          </Link>
          <Badge variant="outline">{user.role}</Badge>
          <Button variant="ghost" size="sm" onClick={() => signOut({ callbackUrl: '/login' })}>
            Sign out
          </Button>
        </div>
      </div>
    </header>
  );
}
