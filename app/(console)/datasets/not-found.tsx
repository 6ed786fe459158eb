import Link from 'next/link';
import { Button } from '@/components/ui/button';

export default function DatasetNotFound() {
  return (
    <div className="mx-auto flex max-w-md flex-col items-center gap-4 py-16 text-center" data-testid="dataset-not-found">
      <h1 className="text-2xl font-semibold">No such dataset</h1>
      <p className="text-muted-foreground">There is no dataset with this name, or no such version of it. Names are exact: check the spelling.</p>
      <Button asChild variant="outline">
        <Link href="/datasets">Back to datasets</Link>
      </Button>
    </div>
  );
}
