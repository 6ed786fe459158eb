import Link from 'next/link';
import { Button } from '@/components/ui/button';

type Props = {
  /** The first page's address, shown while paging back in time; null on the first page. */
  newestHref: string | null;
  /** The next (older) page's address; null on the last page. */
  olderHref: string | null;
  label: string;
  olderTestId: string;
  /** What the last page says instead of an "Older" link. */
  end: string;
};

/** Newest / Older links of a list paged by a keyset cursor (newest first). */
export function KeysetPager({ newestHref, olderHref, label, olderTestId, end }: Props) {
  return (
    <nav className="flex items-center justify-between gap-2" aria-label={label}>
      {newestHref ? (
        <Button asChild variant="outline" size="sm">
          <Link href={newestHref}>Newest</Link>
        </Button>
      ) : (
        <span />
      )}
      {olderHref ? (
        <Button asChild variant="outline" size="sm">
          <Link href={olderHref} data-testid={olderTestId}>
            Older
          </Link>
        </Button>
      ) : (
        <span className="text-xs text-muted-foreground">{end}</span>
      )}
    </nav>
  );
}
