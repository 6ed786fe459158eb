import { notFound } from 'next/navigation';
import { resolvePromptTarget } from './target';

// The existence check lives here, above this segment's loading.tsx: once a loading skeleton has
// streamed, the status is 200 for good, so a notFound() in the page can no longer answer 404.
export default async function PromptLayout({ params, children }: { params: Promise<{ name: string[] }>; children: React.ReactNode }) {
  if (!(await resolvePromptTarget((await params).name))) notFound();
  return children;
}
