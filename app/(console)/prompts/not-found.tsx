import Link from 'next/link';
import { Button } from '@/components/ui/button';

export default function PromptNotFound() {
  return (
    <div className="mx-auto flex max-w-md flex-col items-center gap-4 py-16 text-center" data-testid="prompt-not-found">
      <h1 className="text-2xl font-semibold">No such prompt</h1>
      <p className="text-muted-foreground">
        There is no prompt at this address, or the version you asked for does not exist. Prompt names are exact: check the spelling and the
        folders.
      </p>
      <Button asChild variant="outline">
        <Link href="/prompts">Back to prompts</Link>
      </Button>
    </div>
  );
}
