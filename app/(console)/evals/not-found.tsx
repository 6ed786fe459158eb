import Link from 'next/link';
import { Button } from '@/components/ui/button';

export default function EvalRunNotFound() {
  return (
    <div className="mx-auto flex max-w-md flex-col items-center gap-4 py-16 text-center" data-testid="eval-run-not-found">
      <h1 className="text-2xl font-semibold">No such eval run</h1>
      <p className="text-muted-foreground">There is no run with this id. Pick one from the list.</p>
      <Button asChild variant="outline">
        <Link href="/evals">Back to evals</Link>
      </Button>
    </div>
  );
}
