import { Skeleton } from '@/components/ui/skeleton';

export default function Loading() {
  return (
    <div className="space-y-5" aria-busy="true" aria-label="Loading prompts">
      <div className="space-y-2">
        <Skeleton className="h-8 w-40" />
        <Skeleton className="h-4 w-72" />
      </div>
      <Skeleton className="h-16 w-full" />
      <div className="space-y-px rounded-lg border">
        {Array.from({ length: 5 }, (_, i) => (
          <div key={i} className="space-y-2 p-4">
            <Skeleton className="h-4 w-48" />
            <Skeleton className="h-3 w-full max-w-lg" />
          </div>
        ))}
      </div>
    </div>
  );
}
