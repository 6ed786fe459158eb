'use client';
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

/** Re-reads the page's server data every few seconds while the tab is visible (results of a running experiment). */
export function AutoRefresh({ seconds = 10 }: { seconds?: number }) {
  const router = useRouter();
  useEffect(() => {
    const id = window.setInterval(() => {
      if (document.visibilityState === 'visible') router.refresh();
    }, seconds * 1000);
    return () => window.clearInterval(id);
  }, [router, seconds]);
  return (
    <span className="inline-flex items-center gap-1.5 text-xs text-muted-foreground" data-testid="auto-refresh">
      <span className="inline-block size-2 animate-pulse rounded-full bg-success" aria-hidden />
      Live: refreshes every {seconds} s
    </span>
  );
}
