import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { Skeleton } from '@/components/ui/skeleton';
import { TraceSpansTable } from '@/components/executions/trace-spans-table';
import { fetchTraceSpans } from '@/lib/tracing/phoenix';

/** The trace's spans, read from Phoenix while the rest of the page is already on screen. */
export async function TraceSpans({ traceId, createdAt }: { traceId: string; createdAt: string }) {
  const result = await fetchTraceSpans(traceId, new Date(createdAt));
  if (result.ok) return <TraceSpansTable spans={result.spans} />;
  return (
    <Alert variant="warning" data-testid="trace-unavailable">
      <AlertTitle>Phoenix did not answer: {result.reason}</AlertTitle>
      <AlertDescription>The spans cannot be shown now; everything else about this execution is here. The trace link may still work.</AlertDescription>
    </Alert>
  );
}

export function TraceSpansLoading() {
  return (
    <div className="grid gap-2" aria-busy="true" aria-label="Loading the trace from Phoenix">
      <Skeleton className="h-8 w-full" />
      <Skeleton className="h-8 w-full" />
    </div>
  );
}
