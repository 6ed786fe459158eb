import { datasetNameParam, datasetOrNotFound } from './dataset';

// The existence check lives here, above this segment's loading.tsx: once a loading skeleton has
// streamed, the status is 200 for good, so a notFound() in the page can no longer answer 404.
export default async function DatasetLayout({ params, children }: { params: Promise<{ name: string }>; children: React.ReactNode }) {
  await datasetOrNotFound(datasetNameParam((await params).name));
  return children;
}
