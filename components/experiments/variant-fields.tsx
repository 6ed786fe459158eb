'use client';
import { PlusIcon, Trash2Icon } from 'lucide-react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Label } from '@/components/ui/label';
import { NativeSelect } from '@/components/ui/native-select';
import { percent } from './figures';
import { MAX_VARIANTS, MIN_VARIANTS, newVariant, weightShares, type FieldErrors, type PromptChoice, type VariantDraft } from './experiment-draft';
import { FieldError, TextField } from '@/components/console/form-field';

type Props = {
  prompt: PromptChoice | undefined;
  variants: VariantDraft[];
  control: number;
  coverage: number;
  errors: FieldErrors;
  disabled?: boolean;
  onChange: (variants: VariantDraft[], control: number) => void;
};

function versionOptions(prompt: PromptChoice | undefined) {
  if (!prompt) return [];
  const labelsOf = new Map<number, string[]>();
  for (const [label, version] of Object.entries(prompt.labels)) labelsOf.set(version, [...(labelsOf.get(version) ?? []), label]);
  return Array.from({ length: prompt.latestVersion }, (_, i) => prompt.latestVersion - i).map((v) => ({
    version: v,
    text: `v${v}${labelsOf.has(v) ? ` · ${labelsOf.get(v)!.sort().join(', ')}` : ''}`,
  }));
}

/** The variants: key, version, weight (with each one's share of traffic), the control, and an optional model override. */
export function VariantFields({ prompt, variants, control, coverage, errors, disabled, onChange }: Props) {
  const options = versionOptions(prompt);
  const { shares, problem } = weightShares(variants);
  const update = (i: number, patch: Partial<VariantDraft>) => onChange(variants.map((v, j) => (j === i ? { ...v, ...patch } : v)), control);
  const remove = (i: number) => onChange(variants.filter((_, j) => j !== i), i === control ? 0 : i < control ? control - 1 : control);
  const add = () => onChange([...variants, newVariant(variants, prompt?.latestVersion)], control);
  const coveredShare = Number.isFinite(coverage) ? Math.min(1, Math.max(0, coverage / 100)) : null;

  return (
    <fieldset className="grid gap-3" disabled={disabled}>
      <legend className="mb-1 text-sm font-medium">Variants</legend>
      <p className="-mt-2 text-xs text-muted-foreground">
        Two to eight versions of the prompt. Each user gets one variant, in proportion to the weights, and keeps it while the experiment runs.
      </p>
      {variants.map((v, i) => (
        <div key={i} className="grid gap-3 rounded-md border p-3" data-testid={`variant-${i}`}>
          <div className="grid grid-cols-2 gap-3 sm:grid-cols-[1fr_1.4fr_0.8fr_auto] sm:items-start">
            <TextField
              compact
              id={`variant-${i}-key`}
              label="Key"
              value={v.key}
              maxLength={32}
              className="font-mono"
              error={errors[`variants.${i}.key`]}
              onChange={(e) => update(i, { key: e.target.value })}
              data-testid={`variant-${i}-key`}
            />
            <div className="grid content-start gap-1">
              <Label htmlFor={`variant-${i}-version`} className="text-xs">
                Version
              </Label>
              <NativeSelect
                id={`variant-${i}-version`}
                value={v.version}
                aria-invalid={!!errors[`variants.${i}.version`]}
                onChange={(e) => update(i, { version: e.target.value })}
                data-testid={`variant-${i}-version`}
              >
                <option value="">{prompt ? 'Pick a version' : 'Pick a prompt first'}</option>
                {options.map((o) => (
                  <option key={o.version} value={o.version}>
                    {o.text}
                  </option>
                ))}
              </NativeSelect>
              <FieldError message={errors[`variants.${i}.version`]} />
            </div>
            <TextField
              compact
              id={`variant-${i}-weight`}
              label="Weight"
              inputMode="decimal"
              value={v.weight}
              error={errors[`variants.${i}.weight`]}
              aria-invalid={!!errors[`variants.${i}.weight`] || shares[i] === null}
              hint={
                <span className="tabular-nums" data-testid={`variant-${i}-share`}>
                  {shares[i] === null ? '—' : `${percent(shares[i], 1)} of traffic`}
                  {shares[i] !== null && coveredShare !== null && coveredShare < 1 && ` (${percent(shares[i]! * coveredShare, 1)} of all units)`}
                </span>
              }
              onChange={(e) => update(i, { weight: e.target.value })}
              data-testid={`variant-${i}-weight`}
            />
            <div className="flex items-center gap-3 sm:flex-col sm:items-end sm:gap-2 sm:pt-6">
              <label className="flex items-center gap-1.5 text-sm">
                <input type="radio" name="control" checked={control === i} onChange={() => onChange(variants, i)} data-testid={`variant-${i}-control`} />
                Control
              </label>
              <Button
                type="button"
                variant="ghost"
                size="sm"
                disabled={variants.length <= MIN_VARIANTS}
                onClick={() => remove(i)}
                aria-label={`Remove variant ${v.key || i + 1}`}
              >
                <Trash2Icon />
              </Button>
            </div>
          </div>
          <div className="grid gap-2">
            <label className="flex items-center gap-2 text-xs text-muted-foreground">
              <input type="checkbox" checked={v.override} onChange={(e) => update(i, { override: e.target.checked })} data-testid={`variant-${i}-override`} />
              Use another model for this variant (otherwise its version’s model configuration)
            </label>
            {v.override && (
              <div className="grid grid-cols-2 gap-3 sm:grid-cols-3">
                <TextField
                  compact
                  id={`variant-${i}-provider`}
                  label="Provider"
                  list="experiment-providers"
                  placeholder="openai"
                  value={v.provider}
                  onChange={(e) => update(i, { provider: e.target.value })}
                />
                <TextField compact id={`variant-${i}-model`} label="Model" placeholder="gpt-4o-mini" value={v.model} onChange={(e) => update(i, { model: e.target.value })} />
                <TextField
                  compact
                  id={`variant-${i}-temperature`}
                  label="Temperature"
                  inputMode="decimal"
                  placeholder="0–2"
                  value={v.temperature}
                  error={errors[`variants.${i}.modelConfig.temperature`]}
                  onChange={(e) => update(i, { temperature: e.target.value })}
                />
              </div>
            )}
          </div>
        </div>
      ))}
      <datalist id="experiment-providers">
        {['openai', 'anthropic', 'groq', 'openai-compatible'].map((p) => (
          <option key={p} value={p} />
        ))}
      </datalist>
      {problem && (
        <Alert variant="warning" data-testid="weights-warning">
          {problem}
        </Alert>
      )}
      <FieldError message={errors.variants} />
      <div>
        <Button type="button" variant="outline" size="sm" onClick={add} disabled={variants.length >= MAX_VARIANTS} data-testid="add-variant">
          <PlusIcon /> Add variant
        </Button>
      </div>
    </fieldset>
  );
}
