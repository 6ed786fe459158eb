'use client';
import Link from 'next/link';
import { useState, useTransition } from 'react';
import { addExecutionToDatasetAction } from '@/app/(console)/datasets/actions';
import { ActionError } from '@/components/prompts/action-error';
import { Button } from '@/components/ui/button';
import { Label } from '@/components/ui/label';
import { NativeSelect } from '@/components/ui/native-select';
import { Textarea } from '@/components/ui/textarea';
import type { ErrorBody } from '@/lib/api/errors';
import { datasetPath } from './paths';

const unreachable: ErrorBody['error'] = { code: 'internal', message: 'The server could not be reached. Nothing was saved; try again.' };

/** On an execution's page: its variables become a new item of a dataset (in a new version). */
export function AddToDatasetForm({ executionId, datasets }: { executionId: string; datasets: string[] }) {
  const [name, setName] = useState(datasets[0] ?? '');
  const [expected, setExpected] = useState('');
  const [added, setAdded] = useState<{ name: string; item: number; version: number } | null>(null);
  const [error, setError] = useState<ErrorBody['error'] | null>(null);
  const [pending, startTransition] = useTransition();

  if (datasets.length === 0) {
    return (
      <p className="text-sm text-muted-foreground" data-testid="add-to-dataset-none">
        There are no datasets yet.{' '}
        <Link href="/datasets/new" className="underline">
          Create one
        </Link>{' '}
        to collect executions as test cases.
      </p>
    );
  }

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    startTransition(async () => {
      const result = await addExecutionToDatasetAction({ name, executionId, expected: expected === '' ? undefined : expected }).catch(() => null);
      if (!result) return setError(unreachable);
      if (!result.ok) return setError(result.error);
      setError(null);
      // Appended last, so its number is the new version's item count.
      setAdded({ name, item: result.data.itemCount, version: result.data.version });
    });
  }

  return (
    <form onSubmit={submit} className="grid gap-3" data-testid="add-to-dataset">
      <div className="grid max-w-sm gap-1.5">
        <Label htmlFor="add-to-dataset-name">Dataset</Label>
        <NativeSelect id="add-to-dataset-name" value={name} onChange={(e) => setName(e.target.value)}>
          {datasets.map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </NativeSelect>
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="add-to-dataset-expected">
          Expected output <span className="font-normal text-muted-foreground">(optional)</span>
        </Label>
        <Textarea id="add-to-dataset-expected" value={expected} onChange={(e) => setExpected(e.target.value)} rows={3} />
      </div>
      {error && <ActionError error={error} />}
      {added && (
        <p className="text-sm" role="status" data-testid="add-to-dataset-done">
          Added as item {added.item} of version {added.version} of{' '}
          <Link href={datasetPath(added.name, added.version)} className="underline">
            {added.name}
          </Link>
          .
        </p>
      )}
      <div>
        <Button type="submit" size="sm" variant="outline" disabled={pending}>
          {pending ? 'Adding…' : 'Add to dataset'}
        </Button>
      </div>
    </form>
  );
}
