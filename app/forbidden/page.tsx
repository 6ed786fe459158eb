import Link from 'next/link';
import { Button } from '@/components/ui/button';

export const metadata = { title: 'Not allowed' };

export default async function ForbiddenPage({ searchParams }: { searchParams: Promise<{ need?: string }> }) {
  const { need } = await searchParams;
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col items-center justify-center gap-4 p-6 text-center">
      <h1 className="text-2xl font-semibold">Not allowed</h1>
      <p className="text-muted-foreground">
        This page needs the {need === 'editor' || need === 'admin' ? need : 'right'} role. Ask an admin if you need access.
      </p>
      <Button asChild variant="outline">
        <Link href="/prompts">Back to prompts</Link>
      </Button>
    </main>
  );
}
