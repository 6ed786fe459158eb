'use client';
import { PageError } from '@/components/console/page-error';

export default function SettingsError({ error, retry }: { error: unknown; retry: () => void }) {
  return <PageError title="Users" error={error} retry={retry} />;
}
