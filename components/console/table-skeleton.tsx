import { Skeleton } from '@/components/ui/skeleton';

/** What a console page looks like while its data loads: a title, a toolbar and some rows. */
export function TableSkeleton({ title, rows = 6 }: { title: string; rows?: number }) {
  return (
    <div className="grid gap-4" aria-busy="true" aria-label={`Loading ${title}`}>
      <div className="grid gap-2">
        <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
        <Skeleton className="h-4 w-full max-w-md" />
      </div>
      <Skeleton className="h-9 w-full" />
      <div className="grid gap-2">
        {Array.from({ length: rows }, (_, i) => (
          <Skeleton key={i} className="h-10 w-full" />
        ))}
      </div>
    </div>
  );
}
