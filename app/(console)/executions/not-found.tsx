import Link from 'next/link';
import { Button } from '@/components/ui/button';

export default function ExecutionNotFound() {
  return (
    <div className="mx-auto flex max-w-md flex-col items-center gap-4 py-16 text-center" data-testid="execution-not-found">
      <h1 className="text-2xl font-semibold">No such execution</h1>
      <p className="text-muted-foreground">There is no execution with this id. Execution ids are UUIDs, as the API returns them.</p>
      <Button asChild variant="outline">
        <Link href="/executions">Back to executions</Link>
      </Button>
    </div>
  );
}
