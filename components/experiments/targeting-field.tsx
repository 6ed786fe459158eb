'use client';
import { FieldError, optional } from '@/components/console/form-field';
import { Label } from '@/components/ui/label';
import { Textarea } from '@/components/ui/textarea';

const EXAMPLE = '{"country": {"$in": ["DE", "FR"]}, "plan": "pro"}';

/** The targeting condition as JSON text; the schema checks it when the form is submitted. */
export function TargetingField({ value, error, onChange }: { value: string; error?: string; onChange: (value: string) => void }) {
  return (
    <div className="grid content-start gap-1.5">
      <Label htmlFor="experiment-targeting">Targeting {optional}</Label>
      <Textarea
        id="experiment-targeting"
        value={value}
        rows={3}
        spellCheck={false}
        className="font-mono text-xs"
        placeholder={EXAMPLE}
        aria-invalid={!!error}
        onChange={(e) => onChange(e.target.value)}
        data-testid="experiment-targeting"
      />
      {error ? (
        <FieldError message={error} />
      ) : (
        <div className="text-xs text-muted-foreground">
          A GrowthBook condition over the attributes the application sends with each request, e.g. <code className="font-mono">{EXAMPLE}</code>. Only
          matching users take part; the others get the production version. Empty: everyone.
        </div>
      )}
    </div>
  );
}
