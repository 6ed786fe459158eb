import { optional, TextField } from '@/components/console/form-field';
import { trimDecimal } from '@/components/console/usd';
import type { ModelView } from '@/lib/models/catalog';

/** The price and description fields, shared by the add and edit dialogs. `idPrefix` keeps ids unique per row. */
export function ModelFields({ idPrefix, initial, errors }: { idPrefix: string; initial?: ModelView; errors: Record<string, string> }) {
  return (
    <>
      <TextField
        id={`${idPrefix}-displayName`}
        name="displayName"
        label={<>Display name {optional}</>}
        defaultValue={initial?.displayName ?? ''}
        maxLength={128}
        placeholder={initial ? undefined : 'the model id when left blank'}
        error={errors.displayName}
        autoComplete="off"
      />
      <div className="grid grid-cols-2 gap-3">
        <TextField
          id={`${idPrefix}-inputPerMillion`}
          name="inputPerMillion"
          label="Input, USD per 1M tokens"
          inputMode="decimal"
          required
          defaultValue={initial ? trimDecimal(initial.inputPerMillion) : ''}
          placeholder="e.g. 0.15"
          error={errors.inputPerMillion}
          autoComplete="off"
        />
        <TextField
          id={`${idPrefix}-outputPerMillion`}
          name="outputPerMillion"
          label="Output, USD per 1M tokens"
          inputMode="decimal"
          required
          defaultValue={initial ? trimDecimal(initial.outputPerMillion) : ''}
          placeholder="e.g. 0.6"
          error={errors.outputPerMillion}
          autoComplete="off"
        />
      </div>
      <TextField
        id={`${idPrefix}-contextWindow`}
        name="contextWindow"
        label={<>Context window, tokens {optional}</>}
        type="number"
        min={1}
        step={1}
        defaultValue={initial?.contextWindow ?? ''}
        error={errors.contextWindow}
      />
      <TextField
        id={`${idPrefix}-priceSource`}
        name="priceSource"
        label={<>Price source {optional}</>}
        defaultValue={initial?.priceSource ?? ''}
        maxLength={500}
        placeholder="e.g. provider pricing page, 2026-03-01"
        hint="Where and when the price was taken: prices change, and executions are costed with the price of their day."
        error={errors.priceSource}
        autoComplete="off"
      />
    </>
  );
}

/** The form's values as the actions take them: prices stay strings (exact decimals). */
export function readModelFields(form: FormData) {
  const text = (name: string) => String(form.get(name) ?? '').trim();
  const context = text('contextWindow');
  return {
    displayName: text('displayName') || undefined,
    inputPerMillion: text('inputPerMillion'),
    outputPerMillion: text('outputPerMillion'),
    contextWindow: context === '' ? null : Number(context),
    priceSource: text('priceSource'),
  };
}
