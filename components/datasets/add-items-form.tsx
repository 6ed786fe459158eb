'use client';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { addDatasetItemsAction } from '@/app/(console)/datasets/actions';
import { optional, TextField } from '@/components/console/form-field';
import { ActionError } from '@/components/prompts/action-error';
import { Button } from '@/components/ui/button';
import { Label } from '@/components/ui/label';
import { NativeSelect } from '@/components/ui/native-select';
import type { ErrorBody } from '@/lib/api/errors';
import { PasteFields, type PasteFormat } from './paste-fields';
import { datasetPath } from './paths';

const unreachable: ErrorBody['error'] = { code: 'internal', message: 'The server could not be reached. Nothing was saved; try again.' };

/** Pasted items become a new version: added after the latest version's items, or replacing them. */
export function AddItemsForm({ name }: { name: string }) {
  const router = useRouter();
  const [format, setFormat] = useState<PasteFormat>('csv');
  const [text, setText] = useState('');
  const [mode, setMode] = useState<'append' | 'replace'>('append');
  const [message, setMessage] = useState('');
  const [error, setError] = useState<ErrorBody['error'] | null>(null);
  const [pending, startTransition] = useTransition();

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    startTransition(async () => {
      const result = await addDatasetItemsAction({ name, mode, text, format, message: message.trim() || undefined }).catch(() => null);
      if (!result) return setError(unreachable);
      if (!result.ok) return setError(result.error);
      setError(null);
      setText('');
      setMessage('');
      router.push(datasetPath(name, result.data.version));
    });
  }

  return (
    <form onSubmit={submit} className="grid gap-4" data-testid="dataset-add-form">
      <PasteFields idPrefix="add-items" format={format} text={text} onFormat={setFormat} onText={setText} label="Items" />
      <div className="grid gap-4 sm:grid-cols-[12rem_1fr]">
        <div className="grid content-start gap-1.5">
          <Label htmlFor="add-items-mode">The new version</Label>
          <NativeSelect id="add-items-mode" value={mode} onChange={(e) => setMode(e.target.value as 'append' | 'replace')} data-testid="dataset-mode">
            <option value="append">adds these items</option>
            <option value="replace">has only these items</option>
          </NativeSelect>
        </div>
        <TextField id="add-items-message" label={<>Message {optional}</>} value={message} onChange={(e) => setMessage(e.target.value)} />
      </div>
      {error && <ActionError error={error} />}
      <div>
        <Button type="submit" disabled={pending || text.trim() === ''} data-testid="dataset-add">
          {pending ? 'Saving…' : 'Save as a new version'}
        </Button>
      </div>
    </form>
  );
}
