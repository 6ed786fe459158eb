/*
 * One dataset. data-testids for end-to-end tests: dataset-detail (data-version: the version shown), dataset-versions,
 *   dataset-version (data-version), dataset-items (data-count), dataset-item, dataset-export-csv, dataset-export-jsonl,
 *   dataset-add-form, dataset-edit-items (editors only), dataset-unknown-version.
 */
import type { Metadata } from 'next';
import Link from 'next/link';
import { DownloadIcon, PencilIcon } from 'lucide-react';
import { AddItemsForm } from '@/components/datasets/add-items-form';
import { ItemTable } from '@/components/datasets/item-table';
import { apiItemsPath, datasetPath, editItemsPath, exportHref, versionParam } from '@/components/datasets/paths';
import { VersionList } from '@/components/datasets/version-list';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { pageActor } from '@/lib/auth/page';
import { hasRole } from '@/lib/auth/roles';
import { listDatasetItems } from '@/lib/datasets/datasets';
import { datasetNameParam, datasetOrNotFound } from './dataset';

type Props = { params: Promise<{ name: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Dataset ${datasetNameParam((await params).name)}` };
}

export default async function DatasetPage({ params, searchParams }: Props) {
  const actor = await pageActor('viewer');
  const canEdit = hasRole(actor, 'editor');
  const dataset = await datasetOrNotFound(datasetNameParam((await params).name));
  const rawVersion = (await searchParams).version;
  const asked = versionParam(rawVersion);
  // An unknown ?version= shows the latest with a note, rather than a page that only says "no".
  const known = asked !== undefined && dataset.versions.some((v) => v.version === asked);
  const unknownVersion = rawVersion !== undefined && !known;
  const { version, items } = await listDatasetItems(dataset.name, known ? asked : undefined);

  return (
    <div className="space-y-5" data-testid="dataset-detail" data-version={version}>
      <header className="space-y-1">
        <nav aria-label="Breadcrumb" className="text-sm text-muted-foreground">
          <Link href="/datasets" className="hover:underline">
            Datasets
          </Link>{' '}
          / {dataset.name}
        </nav>
        <h1 className="text-2xl font-semibold tracking-tight break-all">{dataset.name}</h1>
        {dataset.description && <p className="text-sm text-muted-foreground">{dataset.description}</p>}
      </header>

      {unknownVersion && (
        <Alert variant="warning" data-testid="dataset-unknown-version">
          <AlertTitle>There is no version “{String(rawVersion)}”</AlertTitle>
          <AlertDescription>Showing the latest version, v{version}.</AlertDescription>
        </Alert>
      )}

      <div className="grid gap-5 lg:grid-cols-[1fr_22rem]">
        <Card className="min-w-0">
          <CardHeader className="flex flex-row flex-wrap items-start justify-between gap-3">
            <div className="space-y-1">
              <CardTitle>
                Items of v{version}
                {version === dataset.latestVersion ? ' (latest)' : ''}
              </CardTitle>
              <CardDescription>
                {items.length.toLocaleString('en-US')} {items.length === 1 ? 'item' : 'items'}. A version never changes: adding items makes a new
                one.
              </CardDescription>
            </div>
            <div className="flex gap-2">
              {canEdit && (
                <Button asChild size="sm">
                  <Link href={editItemsPath(dataset.name)} data-testid="dataset-edit-items" title={`Edit the items of v${dataset.latestVersion} in a table`}>
                    <PencilIcon /> Edit items
                  </Link>
                </Button>
              )}
              <Button asChild variant="outline" size="sm">
                <a href={exportHref(dataset.name, version, 'csv')} download data-testid="dataset-export-csv">
                  <DownloadIcon /> CSV
                </a>
              </Button>
              <Button asChild variant="outline" size="sm">
                <a href={exportHref(dataset.name, version, 'jsonl')} download data-testid="dataset-export-jsonl">
                  <DownloadIcon /> JSONL
                </a>
              </Button>
            </div>
          </CardHeader>
          <CardContent className="space-y-3">
            {items.length === 0 ? (
              <p className="text-sm text-muted-foreground" data-testid="dataset-items-empty">
                This version has no items.
              </p>
            ) : (
              <ItemTable items={items} />
            )}
            <p className="text-xs text-muted-foreground">
              For scripts, with an API key: <code className="break-all">GET {apiItemsPath(dataset.name, version, 'jsonl')}</code> (or{' '}
              <code>format=csv</code>).
            </p>
          </CardContent>
        </Card>

        <Card className="min-w-0">
          <CardHeader>
            <CardTitle>Versions</CardTitle>
            <CardDescription>Newest first; pick one to see its items.</CardDescription>
          </CardHeader>
          <CardContent>
            <VersionList name={dataset.name} versions={dataset.versions} shown={version} />
          </CardContent>
        </Card>
      </div>

      {canEdit && (
        <Card>
          <CardHeader>
            <CardTitle>Add items</CardTitle>
            <CardDescription>
              Makes version {dataset.latestVersion + 1} from the latest version (v{dataset.latestVersion}).{' '}
              <Link href={datasetPath(dataset.name)} className="underline">
                See the latest
              </Link>
              .
            </CardDescription>
          </CardHeader>
          <CardContent>
            <AddItemsForm name={dataset.name} />
          </CardContent>
        </Card>
      )}
    </div>
  );
}
