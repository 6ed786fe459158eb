'use client';
import { PageError } from '@/components/console/page-error';

export default function EvalsError({ error, retry }: { error: unknown; retry: () => void }) {
  return <PageError title="Evals" error={error} retry={retry} />;
}
