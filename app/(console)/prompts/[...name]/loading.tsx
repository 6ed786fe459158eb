import { Skeleton } from '@/components/ui/skeleton';

export default function Loading() {
  return (
    <div className="space-y-5" aria-busy="true" aria-label="Loading the prompt">
      <div className="space-y-2">
        <Skeleton className="h-4 w-32" />
        <Skeleton className="h-8 w-64" />
        <Skeleton className="h-4 w-full max-w-md" />
      </div>
      <Skeleton className="h-56 w-full" />
      <div className="space-y-px rounded-lg border">
        {Array.from({ length: 3 }, (_, i) => (
          <div key={i} className="space-y-2 p-3">
            <Skeleton className="h-4 w-24" />
            <Skeleton className="h-3 w-full max-w-sm" />
          </div>
        ))}
      </div>
    </div>
  );
}
