'use client';
import { PageError } from '@/components/console/page-error';

export default function ModelsError({ error, retry }: { error: unknown; retry: () => void }) {
  return <PageError title="Models" error={error} retry={retry} />;
}
