'use client';
import { PageError } from '@/components/console/page-error';

export default function ExperimentsError({ error, retry }: { error: unknown; retry: () => void }) {
  return <PageError title="Experiments" error={error} retry={retry} />;
}
