'use client';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { createDatasetAction, createDatasetFromTableAction } from '@/app/(console)/datasets/actions';
import { optional, TextField } from '@/components/console/form-field';
import { ActionError } from '@/components/prompts/action-error';
import { Button } from '@/components/ui/button';
import { Card, CardContent } from '@/components/ui/card';
import { Tabs, TabsContent, TabsList, TabsTrigger } from '@/components/ui/tabs';
import type { ErrorBody } from '@/lib/api/errors';
import { ItemEditor } from './item-editor';
import { itemsFromGrid, newGrid, type GridProblem, type ItemGrid } from './item-grid';
import { PasteFields, type PasteFormat } from './paste-fields';
import { datasetPath } from './paths';

const unreachable: ErrorBody['error'] = { code: 'internal', message: 'The server could not be reached. Nothing was saved; try again.' };

export function NewDatasetForm() {
  const router = useRouter();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [format, setFormat] = useState<PasteFormat>('csv');
  const [text, setText] = useState('');
  // Two ways to give the first version's items: paste a file, or type them into a table.
  const [source, setSource] = useState<'paste' | 'table'>('paste');
  const [grid, setGrid] = useState<ItemGrid>(newGrid);
  const [problems, setProblems] = useState<GridProblem[]>([]);
  const [error, setError] = useState<ErrorBody['error'] | null>(null);
  const [pending, startTransition] = useTransition();

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const table = source === 'table' ? itemsFromGrid(grid) : null;
    setProblems(table?.problems ?? []);
    if (table && !table.items) return;
    startTransition(async () => {
      const result = await (table?.items
        ? createDatasetFromTableAction({ name: name.trim(), description, items: table.items })
        : createDatasetAction({ name: name.trim(), description, text, format })
      ).catch(() => null);
      if (!result) return setError(unreachable);
      if (!result.ok) return setError(result.error);
      setError(null);
      router.push(datasetPath(result.data.name));
    });
  }

  return (
    <Card>
      <CardContent className="pt-6">
        <form onSubmit={submit} className="grid gap-4" data-testid="dataset-form">
          <TextField
            id="dataset-name"
            label="Name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            hint="Lowercase letters, digits, -, _ and ., e.g. support-golden-questions."
            required
            data-testid="dataset-name"
          />
          <TextField
            id="dataset-description"
            label={<>Description {optional}</>}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            data-testid="dataset-description"
          />
          <Tabs value={source} onValueChange={(v) => setSource(v as 'paste' | 'table')}>
            <TabsList aria-label="How to give the items">
              <TabsTrigger value="paste" data-testid="dataset-source-paste">
                Paste CSV/JSONL
              </TabsTrigger>
              <TabsTrigger value="table" data-testid="dataset-source-table">
                Table
              </TabsTrigger>
            </TabsList>
            <TabsContent value="paste">
              <PasteFields idPrefix="dataset" format={format} text={text} onFormat={setFormat} onText={setText} label="Items (optional: it can start empty)" />
            </TabsContent>
            <TabsContent value="table">
              <ItemEditor
                grid={grid}
                onChange={(next) => {
                  setGrid(next);
                  if (problems.length > 0) setProblems(itemsFromGrid(next).problems);
                }}
                problems={problems}
              />
            </TabsContent>
          </Tabs>
          {error && <ActionError error={error} />}
          <div>
            <Button type="submit" disabled={pending} data-testid="dataset-create">
              {pending ? 'Creating…' : 'Create dataset'}
            </Button>
          </div>
        </form>
      </CardContent>
    </Card>
  );
}
