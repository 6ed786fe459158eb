import { notFound } from 'next/navigation';
import { VersoError } from '@/lib/api/errors';
import { getExperiment } from '@/lib/experiments/experiments';

// The existence check lives here, above this segment's loading.tsx: once a loading skeleton has
// streamed, the status is 200 for good, so a notFound() in the page can no longer answer 404.
export default async function ExperimentLayout({ params, children }: { params: Promise<{ key: string }>; children: React.ReactNode }) {
  try {
    await getExperiment((await params).key);
  } catch (error) {
    if (error instanceof VersoError && error.code === 'not_found') notFound();
    throw error;
  }
  return children;
}
