/* The table editor on a dataset's latest version (editors only). data-testids: dataset-edit (data-version: the version edited). */
import type { Metadata } from 'next';
import Link from 'next/link';
import { EditItemsForm } from '@/components/datasets/edit-items-form';
import { datasetPath } from '@/components/datasets/paths';
import { pageActor } from '@/lib/auth/page';
import { listDatasetItems } from '@/lib/datasets/datasets';
import { datasetNameParam, datasetOrNotFound } from '../dataset';

type Props = { params: Promise<{ name: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Edit dataset ${datasetNameParam((await params).name)}` };
}

export default async function EditDatasetPage({ params }: Props) {
  await pageActor('editor');
  const dataset = await datasetOrNotFound(datasetNameParam((await params).name));
  const { version, items } = await listDatasetItems(dataset.name);
  // Only what an item is made of goes to the editor: position and source are the version's, not the item's.
  const editable = items.map(({ variables, expected, metadata }) => ({ variables, expected, metadata }));

  return (
    <div className="space-y-4" data-testid="dataset-edit" data-version={version}>
      <header className="space-y-1">
        <nav aria-label="Breadcrumb" className="text-sm text-muted-foreground">
          <Link href="/datasets" className="hover:underline">
            Datasets
          </Link>{' '}
          /{' '}
          <Link href={datasetPath(dataset.name)} className="hover:underline">
            {dataset.name}
          </Link>{' '}
          / edit
        </nav>
        <h1 className="text-2xl font-semibold tracking-tight break-all">Edit items of {dataset.name}</h1>
        <p className="text-sm text-muted-foreground">
          Starting from v{version}, the latest. Saving makes version {version + 1} with exactly the rows below; v{version} and older versions stay
          as they are. Metadata is kept with its row.
        </p>
      </header>
      <EditItemsForm name={dataset.name} basedOn={version} items={editable} />
    </div>
  );
}
