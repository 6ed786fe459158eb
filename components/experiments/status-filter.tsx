import Link from 'next/link';
import { cn } from '@/lib/ui/cn';

const statuses = [undefined, 'draft', 'running', 'paused', 'completed'] as const;

/** Plain links, so a filtered list can be shared and works before JavaScript loads. */
export function StatusFilter({ current }: { current: string | undefined }) {
  return (
    <nav className="flex gap-1 overflow-x-auto" aria-label="Filter by status" data-testid="experiment-status-filter">
      {statuses.map((s) => {
        const active = s === current;
        return (
          <Link
            key={s ?? 'all'}
            href={s ? `/experiments?status=${s}` : '/experiments'}
            aria-current={active ? 'page' : undefined}
            className={cn('rounded-md border px-3 py-1 text-sm whitespace-nowrap capitalize hover:bg-accent', active && 'bg-accent font-medium')}
          >
            {s ?? 'all'}
          </Link>
        );
      })}
    </nav>
  );
}
