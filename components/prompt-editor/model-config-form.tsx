'use client';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { Textarea } from '@/components/ui/textarea';
import type { FieldErrors, ModelConfigDraft } from './draft';

type Props = { value: ModelConfigDraft; errors: FieldErrors; onChange: (value: ModelConfigDraft) => void };

const PROVIDERS = ['openai', 'anthropic', 'groq', 'openai-compatible'];

export function ModelConfigForm({ value, errors, onChange }: Props) {
  const field = (key: keyof ModelConfigDraft, label: string, props: React.ComponentProps<typeof Input> = {}) => (
    <div className="grid gap-1">
      <Label htmlFor={`model-${key}`} className="text-xs">
        {label}
      </Label>
      <Input
        id={`model-${key}`}
        value={value[key]}
        aria-invalid={!!errors[key]}
        onChange={(e) => onChange({ ...value, [key]: e.target.value })}
        {...props}
      />
      {errors[key] && <p className="text-xs text-destructive">{errors[key]}</p>}
    </div>
  );
  return (
    <div className="grid gap-3" data-testid="model-config">
      <div className="grid gap-3 sm:grid-cols-2">
        {field('provider', 'Provider', { list: 'model-providers', placeholder: 'none (e.g. openai)' })}
        {field('model', 'Model', { placeholder: 'none (e.g. gpt-4o-mini)' })}
      </div>
      <datalist id="model-providers">
        {PROVIDERS.map((p) => (
          <option key={p} value={p} />
        ))}
      </datalist>
      <div className="grid grid-cols-3 gap-3">
        {field('temperature', 'Temperature', { inputMode: 'decimal', placeholder: '0–2' })}
        {field('maxTokens', 'Max tokens', { inputMode: 'numeric', placeholder: 'provider default' })}
        {field('topP', 'Top p', { inputMode: 'decimal', placeholder: '0–1' })}
      </div>
      <div className="grid gap-3 sm:grid-cols-2">
        <div className="grid gap-1">
          <Label htmlFor="model-stop" className="text-xs">
            Stop sequences (one per line)
          </Label>
          <Textarea
            id="model-stop"
            className="font-mono text-xs"
            value={value.stop}
            aria-invalid={!!errors.stop}
            onChange={(e) => onChange({ ...value, stop: e.target.value })}
          />
          {errors.stop && <p className="text-xs text-destructive">{errors.stop}</p>}
        </div>
        <div className="grid gap-1">
          <Label htmlFor="model-extra" className="text-xs">
            Extra parameters (JSON object)
          </Label>
          <Textarea
            id="model-extra"
            className="font-mono text-xs"
            placeholder='{"seed": 7}'
            value={value.extra}
            aria-invalid={!!errors.extra}
            onChange={(e) => onChange({ ...value, extra: e.target.value })}
          />
          {errors.extra && <p className="text-xs text-destructive">{errors.extra}</p>}
        </div>
      </div>
    </div>
  );
}
