'use client';
import { PageError } from '@/components/console/page-error';

export default function ExecutionsError({ error, retry }: { error: unknown; retry: () => void }) {
  return <PageError title="Executions" error={error} retry={retry} />;
}
