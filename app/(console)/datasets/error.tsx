'use client';
import { PageError } from '@/components/console/page-error';

export default function DatasetsError({ error, retry }: { error: unknown; retry: () => void }) {
  return <PageError title="Datasets" error={error} retry={retry} />;
}
