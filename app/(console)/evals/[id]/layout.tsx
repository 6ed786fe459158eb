import { runOrNotFound } from './run';

// The existence check lives here, above this segment's loading.tsx: once a loading skeleton has
// streamed, the status is 200 for good, so a notFound() in the page can no longer answer 404.
export default async function EvalRunLayout({ params, children }: { params: Promise<{ id: string }>; children: React.ReactNode }) {
  await runOrNotFound((await params).id);
  return children;
}
