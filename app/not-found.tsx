import type { Metadata } from 'next';
import Link from 'next/link';
import { Button } from '@/components/ui/button';

export const metadata: Metadata = { title: 'Page not found' };

// Any address the console does not know (detail pages have their own, more specific pages).
export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col items-center justify-center gap-4 p-6 text-center" data-testid="not-found">
      <Link href="/prompts" className="text-lg font-bold tracking-tight">
        Verso
      </Link>
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="text-muted-foreground">There is nothing at this address. It may have moved, or the link may be mistyped.</p>
      <Button asChild variant="outline">
        <Link href="/prompts">Back to prompts</Link>
      </Button>
    </main>
  );
}
