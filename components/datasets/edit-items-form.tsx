'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { saveDatasetTableAction } from '@/app/(console)/datasets/actions';
import { optional, TextField } from '@/components/console/form-field';
import { ActionError } from '@/components/prompts/action-error';
import { Button } from '@/components/ui/button';
import type { ErrorBody } from '@/lib/api/errors';
import type { DatasetItemInput } from '@/lib/datasets/datasets';
import { ItemEditor } from './item-editor';
import { gridFromItems, itemsFromGrid, type GridProblem, type ItemGrid } from './item-grid';
import { datasetPath } from './paths';

const unreachable: ErrorBody['error'] = { code: 'internal', message: 'The server could not be reached. Nothing was saved; try again.' };

/** The latest version's items in the table editor; saving writes them as the next version. */
export function EditItemsForm({ name, basedOn, items }: { name: string; basedOn: number; items: DatasetItemInput[] }) {
  const router = useRouter();
  const [grid, setGrid] = useState<ItemGrid>(() => gridFromItems(items));
  const [problems, setProblems] = useState<GridProblem[]>([]);
  const [message, setMessage] = useState('');
  const [error, setError] = useState<ErrorBody['error'] | null>(null);
  const [pending, startTransition] = useTransition();

  function change(next: ItemGrid) {
    setGrid(next);
    // Once a save was refused, the list follows the edits, so a fixed cell stops being flagged.
    if (problems.length > 0) setProblems(itemsFromGrid(next).problems);
  }

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const checked = itemsFromGrid(grid);
    setProblems(checked.problems);
    if (!checked.items) return;
    startTransition(async () => {
      const result = await saveDatasetTableAction({ name, basedOn, items: checked.items, message: message.trim() || undefined }).catch(() => null);
      if (!result) return setError(unreachable);
      if (!result.ok) return setError(result.error);
      setError(null);
      router.push(datasetPath(name, result.data.version));
    });
  }

  return (
    <form onSubmit={submit} className="grid gap-4" data-testid="dataset-edit-form">
      <ItemEditor grid={grid} onChange={change} problems={problems} />
      <TextField id="dataset-edit-message" label={<>Message {optional}</>} value={message} onChange={(e) => setMessage(e.target.value)} maxLength={500} />
      {error && <ActionError error={error} />}
      <div className="flex gap-2">
        <Button type="submit" disabled={pending} data-testid="dataset-edit-save">
          {pending ? 'Saving…' : `Save as version ${basedOn + 1}`}
        </Button>
        <Button asChild variant="outline">
          <Link href={datasetPath(name)}>Cancel</Link>
        </Button>
      </div>
    </form>
  );
}
