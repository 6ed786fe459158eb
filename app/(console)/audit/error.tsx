'use client';
import { PageError } from '@/components/console/page-error';

export default function AuditError({ error, retry }: { error: unknown; retry: () => void }) {
  return <PageError title="Audit log" error={error} retry={retry} />;
}
