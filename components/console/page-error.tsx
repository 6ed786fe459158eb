'use client';
import { useEffect } from 'react';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';

/** The fallback of a console page's error boundary; the details are in the server log. */
export function PageError({ title, error, retry }: { title: string; error: unknown; retry: () => void }) {
  useEffect(() => console.error(error), [error]);
  const digest = error instanceof Error ? (error as Error & { digest?: string }).digest : undefined;
  return (
    <div className="grid gap-4">
      <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
      <Alert variant="destructive">
        <AlertTitle>This page could not be loaded</AlertTitle>
        <AlertDescription>
          Something went wrong on our side. Try again; if it keeps happening, the server log has the details
          {digest ? ` (reference ${digest})` : ''}.
        </AlertDescription>
      </Alert>
      <div>
        <Button variant="outline" onClick={() => retry()}>
          Try again
        </Button>
      </div>
    </div>
  );
}
