'use client';
import { PlusIcon } from 'lucide-react';
import { useActionDialog } from '@/components/console/action-dialog';
import { FieldError } from '@/components/console/form-field';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from '@/components/ui/dialog';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { NativeSelect } from '@/components/ui/native-select';
import type { ProviderStatus } from '@/lib/models/providers';
import type { CreateModel } from './model-actions';
import { ModelFields, readModelFields } from './model-fields';

/** A model the seeded catalog lacks: a new release, a fine-tune, or a local model behind an OpenAI-compatible server. */
export function AddModelDialog({ providers, createModel }: { providers: ProviderStatus[]; createModel: CreateModel }) {
  const dialog = useActionDialog();
  const { open, failure, pending } = dialog;

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const fields = readModelFields(form);
    const input = {
      provider: String(form.get('provider') ?? '') as ProviderStatus['id'],
      model: String(form.get('model') ?? '').trim(),
      ...fields,
      contextWindow: fields.contextWindow ?? undefined,
    };
    dialog.submit(() => createModel(input));
  }

  return (
    <Dialog open={open} onOpenChange={dialog.onOpenChange}>
      <DialogTrigger asChild>
        <Button data-testid="add-model">
          <PlusIcon /> Add custom model
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Add a custom model</DialogTitle>
          <DialogDescription>
            Its price is what Verso charges executions of it. The model id must be the one the provider knows it by.
          </DialogDescription>
        </DialogHeader>
        <form onSubmit={submit} className="grid gap-4" data-testid="add-model-form">
          <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
            <div className="grid content-start gap-1.5">
              <Label htmlFor="new-model-provider">Provider</Label>
              <NativeSelect id="new-model-provider" name="provider" defaultValue={providers.find((p) => p.configured)?.id ?? 'openai'}>
                {providers.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.label}
                    {p.configured ? '' : ' (not configured)'}
                  </option>
                ))}
              </NativeSelect>
              <FieldError message={failure?.fields.provider} />
            </div>
            <div className="grid content-start gap-1.5">
              <Label htmlFor="new-model-model">Model id</Label>
              <Input id="new-model-model" name="model" required maxLength={128} placeholder="e.g. llama3.1:8b" autoComplete="off" aria-invalid={!!failure?.fields.model} />
              <FieldError message={failure?.fields.model} />
            </div>
          </div>
          <ModelFields idPrefix="new-model" errors={failure?.fields ?? {}} />
          {failure && (
            <Alert variant="destructive" data-testid="add-model-error">
              {failure.message}
            </Alert>
          )}
          <DialogFooter>
            <Button type="button" variant="outline" onClick={dialog.close} disabled={pending}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending} data-testid="save-new-model">
              {pending ? 'Adding…' : 'Add model'}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
