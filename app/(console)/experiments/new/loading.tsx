import { Skeleton } from '@/components/ui/skeleton';

export default function Loading() {
  return (
    <div className="space-y-4" aria-busy="true" aria-label="Loading the form">
      <Skeleton className="h-4 w-40" />
      <Skeleton className="h-8 w-56" />
      {Array.from({ length: 4 }, (_, i) => (
        <Skeleton key={i} className="h-48 w-full" />
      ))}
    </div>
  );
}
