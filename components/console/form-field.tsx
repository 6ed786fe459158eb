import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { cn } from '@/lib/ui/cn';

/** The message under a form field, when the field was refused. */
export function FieldError({ message }: { message: string | undefined }) {
  return message ? <p className="text-xs text-destructive">{message}</p> : null;
}

type TextFieldProps = Omit<React.ComponentProps<typeof Input>, 'id'> & {
  id: string;
  label: React.ReactNode;
  /** shown under the field while it has no error */
  hint?: React.ReactNode;
  error?: string;
  /** smaller label, for fields in a repeated row (variants, guardrails) */
  compact?: boolean;
  fieldClassName?: string;
};

/** A labelled input with its hint or its error: every text and number field of the experiment form. */
export function TextField({ id, label, hint, error, compact, fieldClassName, ...input }: TextFieldProps) {
  return (
    <div className={cn('grid content-start', compact ? 'gap-1' : 'gap-1.5', fieldClassName)}>
      <Label htmlFor={id} className={compact ? 'text-xs' : undefined}>
        {label}
      </Label>
      <Input id={id} aria-invalid={!!error} {...input} />
      {error ? <FieldError message={error} /> : hint ? <div className="text-xs text-muted-foreground">{hint}</div> : null}
    </div>
  );
}

export const optional = <span className="font-normal text-muted-foreground">(optional)</span>;
