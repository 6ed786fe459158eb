'use client';
import { NativeSelect } from '@/components/ui/native-select';
import type { ModelView } from '@/lib/models/catalog';
import type { ProviderStatus } from '@/lib/models/providers';
import { modelKey, modelOfKey, type ModelChoice } from './columns';

type Props = {
  id: string;
  testId: string;
  value: ModelChoice | null;
  onChange: (value: ModelChoice) => void;
  /** Active catalog models. */
  models: ModelView[];
  providers: ProviderStatus[];
  disabled?: boolean;
};

/** Catalog models grouped by provider; a provider without its key is marked, and its variable named below. */
export function ModelSelect({ id, testId, value, onChange, models, providers, disabled }: Props) {
  const inCatalog = value && models.some((m) => m.provider === value.provider && m.model === value.model);
  const status = value && providers.find((p) => p.id === value.provider);
  return (
    <div className="grid gap-1">
      <NativeSelect
        id={id}
        data-testid={testId}
        value={value ? modelKey(value) : ''}
        disabled={disabled}
        onChange={(e) => {
          const choice = modelOfKey(e.target.value);
          if (choice) onChange(choice);
        }}
      >
        {!value && <option value="">Choose a model</option>}
        {value && !inCatalog && (
          <option value={modelKey(value)}>
            {value.provider}/{value.model} (not in the catalog)
          </option>
        )}
        {providers.map((p) => {
          const own = models.filter((m) => m.provider === p.id);
          if (own.length === 0) return null;
          return (
            <optgroup key={p.id} label={`${p.label}${p.configured ? '' : ' (not configured)'}`}>
              {own.map((m) => (
                <option key={m.id} value={modelKey(m)}>
                  {m.displayName}
                  {p.configured ? '' : ' (not configured)'}
                </option>
              ))}
            </optgroup>
          );
        })}
      </NativeSelect>
      {status && !status.configured && (
        <p className="text-xs text-muted-foreground">
          This provider is not configured: set <code className="font-mono">{status.variable}</code> on the server to run this model.
        </p>
      )}
    </div>
  );
}
