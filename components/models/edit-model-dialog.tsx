'use client';
import { PencilIcon } from 'lucide-react';
import { useActionDialog } from '@/components/console/action-dialog';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from '@/components/ui/dialog';
import type { ModelView } from '@/lib/models/catalog';
import { isDecimal, normalizeDecimal } from '@/lib/models/money';
import { modelTestId, type ChangeModel } from './model-actions';
import { ModelFields, readModelFields } from './model-fields';

type Change = Parameters<ChangeModel>[0]['change'];

/** Only what differs from the catalog, so that the audit log shows the real change. */
function changesOf(model: ModelView, fields: ReturnType<typeof readModelFields>): Change {
  const change: Change = {};
  const samePrice = (typed: string, stored: string) => isDecimal(typed) && normalizeDecimal(typed) === normalizeDecimal(stored);
  if ((fields.displayName ?? model.model) !== model.displayName) change.displayName = fields.displayName ?? model.model;
  if (!samePrice(fields.inputPerMillion, model.inputPerMillion)) change.inputPerMillion = fields.inputPerMillion;
  if (!samePrice(fields.outputPerMillion, model.outputPerMillion)) change.outputPerMillion = fields.outputPerMillion;
  if (fields.contextWindow !== model.contextWindow) change.contextWindow = fields.contextWindow;
  if (fields.priceSource !== model.priceSource) change.priceSource = fields.priceSource;
  return change;
}

// A change's field errors come back under `change.`; the form's fields are named without it.
const unprefixed = (fields: Record<string, string>) => Object.fromEntries(Object.entries(fields).map(([k, v]) => [k.replace(/^change\./, ''), v]));

export function EditModelDialog({ model, changeModel }: { model: ModelView; changeModel: ChangeModel }) {
  const dialog = useActionDialog();
  const { open, failure, pending } = dialog;
  const prefix = `edit-${model.id}`;

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const change = changesOf(model, readModelFields(new FormData(event.currentTarget)));
    if (Object.keys(change).length === 0) {
      dialog.close();
      return;
    }
    dialog.submit(() => changeModel({ id: model.id, change }));
  }

  return (
    <Dialog open={open} onOpenChange={dialog.onOpenChange}>
      <DialogTrigger asChild>
        <Button variant="ghost" size="sm" aria-label={`Edit ${model.displayName}`} data-testid={`edit-model-${modelTestId(model)}`}>
          <PencilIcon /> <span className="hidden sm:inline">Edit</span>
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Edit {model.displayName}</DialogTitle>
          <DialogDescription>
            <span className="font-mono">
              {model.provider}/{model.model}
            </span>
            . New prices apply to calls from now on; executions already recorded keep the cost they were charged.
          </DialogDescription>
        </DialogHeader>
        <form onSubmit={submit} className="grid gap-4" data-testid="edit-model-form">
          <ModelFields idPrefix={prefix} initial={model} errors={unprefixed(failure?.fields ?? {})} />
          {failure && (
            <Alert variant="destructive" data-testid="edit-model-error">
              {failure.message}
            </Alert>
          )}
          <DialogFooter>
            <Button type="button" variant="outline" onClick={dialog.close} disabled={pending}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending} data-testid="save-model">
              {pending ? 'Saving…' : 'Save'}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
