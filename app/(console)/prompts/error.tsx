'use client';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';

// Unexpected failures only: expected ones (a bad filter, an unknown prompt) are handled on the page.
export default function PromptsError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="mx-auto max-w-xl space-y-4 py-8">
      <Alert variant="destructive">
        <AlertTitle>Something went wrong while loading this page</AlertTitle>
        <AlertDescription>
          It is not something you did. Try again; if it keeps happening, tell an admin
          {error.digest ? ` and mention the code ${error.digest}` : ''}.
        </AlertDescription>
      </Alert>
      <div className="flex gap-2">
        <Button onClick={reset}>Try again</Button>
        <Button variant="outline" asChild>
          <a href="/prompts">Back to prompts</a>
        </Button>
      </div>
    </div>
  );
}
