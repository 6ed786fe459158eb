import Link from 'next/link';
import { Button } from '@/components/ui/button';

export default function ExperimentNotFound() {
  return (
    <div className="mx-auto flex max-w-md flex-col items-center gap-4 py-16 text-center" data-testid="experiment-not-found">
      <h1 className="text-2xl font-semibold">No such experiment</h1>
      <p className="text-muted-foreground">There is no experiment with this key. Keys are exact: check the spelling.</p>
      <Button asChild variant="outline">
        <Link href="/experiments">Back to experiments</Link>
      </Button>
    </div>
  );
}
