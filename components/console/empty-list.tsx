import Link from 'next/link';
import { Button } from '@/components/ui/button';

type Props = {
  testId: string;
  title: string;
  hint: string;
  /** A way back to the unfiltered first page, when filters or paging emptied the list. */
  reset?: { href: string; label: string };
};

/** What a filtered, paged list shows when it has nothing to show. */
export function EmptyList({ testId, title, hint, reset }: Props) {
  return (
    <div className="rounded-lg border border-dashed p-8 text-center" data-testid={testId}>
      <p className="font-medium">{title}</p>
      <p className="mt-1 text-sm text-muted-foreground">{hint}</p>
      {reset && (
        <Button asChild variant="outline" className="mt-4">
          <Link href={reset.href}>{reset.label}</Link>
        </Button>
      )}
    </div>
  );
}
