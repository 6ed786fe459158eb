import Link from 'next/link';
import { NewDatasetForm } from '@/components/datasets/new-dataset-form';
import { pageActor } from '@/lib/auth/page';

export const metadata = { title: 'New dataset' };

export default async function NewDatasetPage() {
  await pageActor('editor');
  return (
    <div className="space-y-4">
      <header className="space-y-1">
        <nav aria-label="Breadcrumb" className="text-sm text-muted-foreground">
          <Link href="/datasets" className="hover:underline">
            Datasets
          </Link>{' '}
          / new
        </nav>
        <h1 className="text-2xl font-semibold tracking-tight">New dataset</h1>
        <p className="text-sm text-muted-foreground">Its first version holds the items you paste or type here; you can add more later.</p>
      </header>
      <NewDatasetForm />
    </div>
  );
}
