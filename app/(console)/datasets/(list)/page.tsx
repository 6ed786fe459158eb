import Link from 'next/link';
import { PlusIcon } from 'lucide-react';
import { DatasetList } from '@/components/datasets/dataset-list';
import { Button } from '@/components/ui/button';
import { Card, CardContent } from '@/components/ui/card';
import { pageActor } from '@/lib/auth/page';
import { hasRole } from '@/lib/auth/roles';
import { listDatasets } from '@/lib/datasets/datasets';

export const metadata = { title: 'Datasets' };

export default async function DatasetsPage() {
  const actor = await pageActor('viewer');
  const canEdit = hasRole(actor, 'editor');
  const datasets = await listDatasets();

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Datasets</h1>
          <p className="text-sm text-muted-foreground">
            Test cases for your prompts: variables, and the output you expect. Every change is a new version, so a result can always say
            which items it was measured on.
          </p>
        </div>
        {canEdit && (
          <Button asChild>
            <Link href="/datasets/new" data-testid="new-dataset">
              <PlusIcon /> New dataset
            </Link>
          </Button>
        )}
      </div>

      {datasets.length === 0 ? (
        <Card>
          <CardContent className="flex flex-col items-center gap-3 py-12 text-center sm:py-16" data-testid="datasets-empty">
            <p className="text-lg font-medium">No datasets yet</p>
            <p className="max-w-md text-sm text-muted-foreground">
              Paste a CSV or JSONL file of test cases, or add executions you have seen in production from their page.
            </p>
            {canEdit ? (
              <Button asChild>
                <Link href="/datasets/new">
                  <PlusIcon /> New dataset
                </Link>
              </Button>
            ) : (
              <p className="text-sm text-muted-foreground">Ask an editor or an admin to create one.</p>
            )}
          </CardContent>
        </Card>
      ) : (
        <DatasetList datasets={datasets} />
      )}
    </div>
  );
}
