'use client';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { Textarea } from '@/components/ui/textarea';
import type { VariableSpec } from '@/components/prompt-editor/draft';
import { defaultText } from './columns';

type Props = { specs: VariableSpec[]; texts: Record<string, string>; onChange: (name: string, text: string) => void };

/** One input per variable any column reads, filled once for all of them; each starts at its default. */
export function VariableInputs({ specs, texts, onChange }: Props) {
  if (specs.length === 0) {
    return <p className="text-sm text-muted-foreground">The selected versions read no variables.</p>;
  }
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      {specs.map((spec) => {
        const id = `playground-var-${spec.name}`;
        const value = texts[spec.name] ?? defaultText(spec);
        return (
          <div key={spec.name} className="grid content-start gap-1">
            <Label htmlFor={id} className="flex flex-wrap items-baseline gap-1.5">
              <code className="font-mono text-sm">{spec.name}</code>
              <span className="text-xs font-normal text-muted-foreground">
                {spec.type}
                {spec.required && spec.default === undefined ? ', required' : ''}
              </span>
            </Label>
            {spec.type === 'json' ? (
              <Textarea
                id={id}
                data-testid={`variable-${spec.name}`}
                className="min-h-[60px] font-mono text-xs"
                placeholder='["first", "second"] or {"key": "value"}'
                value={value}
                onChange={(e) => onChange(spec.name, e.target.value)}
              />
            ) : (
              <Input
                id={id}
                data-testid={`variable-${spec.name}`}
                placeholder={spec.required ? (spec.type === 'boolean' ? 'true or false' : spec.type === 'number' ? 'a number' : 'text') : 'optional: the template has a fallback'}
                value={value}
                onChange={(e) => onChange(spec.name, e.target.value)}
              />
            )}
            {spec.description && <p className="text-xs text-muted-foreground">{spec.description}</p>}
          </div>
        );
      })}
    </div>
  );
}
