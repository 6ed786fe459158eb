'use client';
import { Badge } from '@/components/ui/badge';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { NativeSelect } from '@/components/ui/native-select';
import { Textarea } from '@/components/ui/textarea';
import { parseDefault, variableDraft, type VariableDraft, type VariableSpec, type VariableType } from './draft';

type Props = {
  /** The variables the template reads, as the server last detected them. */
  declared: VariableSpec[];
  drafts: Record<string, VariableDraft>;
  samples: Record<string, string>;
  missing: string[];
  onChange: (draft: VariableDraft) => void;
  onSample: (name: string, value: string) => void;
};

const TYPES: VariableType[] = ['string', 'number', 'boolean', 'json'];

export function VariablesPanel({ declared, drafts, samples, missing, onChange, onSample }: Props) {
  if (declared.length === 0) {
    return (
      <p className="text-sm text-muted-foreground" data-testid="variables-empty">
        No variables yet. Write <code className="rounded bg-muted px-1 font-mono">{'{{ name }}'}</code> in the template and it shows up
        here.
      </p>
    );
  }
  return (
    <ul className="space-y-3" data-testid="variables">
      {declared.map((spec) => {
        const v = drafts[spec.name] ?? variableDraft(spec);
        const id = `var-${spec.name}`;
        const defaultError = parseDefault(v).error;
        const isMissing = missing.includes(spec.name);
        return (
          <li key={spec.name} className="space-y-2 rounded-md border p-3" data-testid={`variable-${spec.name}`}>
            <div className="flex flex-wrap items-center gap-2">
              <code className="font-mono text-sm font-semibold">{spec.name}</code>
              {isMissing && <Badge variant="destructive">missing</Badge>}
              <label className="ml-auto flex items-center gap-1.5 text-xs">
                <input type="checkbox" checked={v.required} onChange={(e) => onChange({ ...v, required: e.target.checked })} />
                required
              </label>
              <NativeSelect
                aria-label={`Type of ${spec.name}`}
                className="h-7 w-auto py-0 text-xs"
                value={v.type}
                onChange={(e) => onChange({ ...v, type: e.target.value as VariableType })}
              >
                {TYPES.map((t) => (
                  <option key={t} value={t}>
                    {t}
                  </option>
                ))}
              </NativeSelect>
            </div>
            <div className="grid gap-1">
              <Label htmlFor={`${id}-sample`} className="text-xs text-muted-foreground">
                Sample value for the preview
              </Label>
              {v.type === 'json' ? (
                <Textarea
                  id={`${id}-sample`}
                  data-testid={`sample-${spec.name}`}
                  className="min-h-[60px] font-mono text-xs"
                  placeholder='["first", "second"] or {"key": "value"}'
                  value={samples[spec.name] ?? ''}
                  onChange={(e) => onSample(spec.name, e.target.value)}
                />
              ) : (
                <Input
                  id={`${id}-sample`}
                  data-testid={`sample-${spec.name}`}
                  placeholder={v.type === 'boolean' ? 'true or false' : v.type === 'number' ? 'a number' : 'text'}
                  value={samples[spec.name] ?? ''}
                  onChange={(e) => onSample(spec.name, e.target.value)}
                />
              )}
            </div>
            <details className="text-sm">
              <summary className="cursor-pointer text-xs text-muted-foreground select-none">Default and description</summary>
              <div className="mt-2 grid gap-2">
                <div className="grid gap-1">
                  <Label htmlFor={`${id}-default`} className="text-xs">
                    Default (used when the application sends no value)
                  </Label>
                  <Input
                    id={`${id}-default`}
                    value={v.defaultText}
                    aria-invalid={!!defaultError}
                    onChange={(e) => onChange({ ...v, defaultText: e.target.value })}
                  />
                  {defaultError && <p className="text-xs text-destructive">{defaultError}</p>}
                </div>
                <div className="grid gap-1">
                  <Label htmlFor={`${id}-description`} className="text-xs">
                    Description
                  </Label>
                  <Input id={`${id}-description`} value={v.description} onChange={(e) => onChange({ ...v, description: e.target.value })} />
                </div>
              </div>
            </details>
          </li>
        );
      })}
    </ul>
  );
}
