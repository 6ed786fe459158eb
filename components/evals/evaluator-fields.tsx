'use client';
import { Trash2Icon } from 'lucide-react';
import { FieldError, optional, TextField } from '@/components/console/form-field';
import { Button } from '@/components/ui/button';
import { Label } from '@/components/ui/label';
import { NativeSelect } from '@/components/ui/native-select';
import { Textarea } from '@/components/ui/textarea';
import type { ModelView } from '@/lib/models/catalog';
import type { EvaluatorType } from '@/lib/evals/schemas';
import { EVALUATOR_TYPES, modelKey, type DraftErrors, type EvaluatorDraft } from './evaluator-draft';
import { defaultTarget, TargetOptions, type PromptOption } from './target-options';

type Props = {
  index: number;
  draft: EvaluatorDraft;
  onChange: (patch: Partial<EvaluatorDraft>) => void;
  onRemove: (() => void) | null;
  errors: DraftErrors;
  prompts: PromptOption[];
  models: ModelView[];
};

/** One evaluator of the new-run form: its type, name and weight, and the parameters of its type. */
export function EvaluatorFields({ index, draft: d, onChange, onRemove, errors, prompts, models }: Props) {
  const id = (field: string) => `evaluator-${index}-${field}`;
  const error = (field: string) => errors[`evaluators.${index}.${field}`];
  const text = (field: keyof EvaluatorDraft, label: React.ReactNode, extra: Partial<React.ComponentProps<typeof TextField>> = {}) => (
    <TextField
      id={id(field)}
      label={label}
      compact
      value={String(d[field])}
      error={error(field)}
      onChange={(e) => onChange({ [field]: e.target.value })}
      data-testid={`eval-evaluator-${index}-${field}`}
      {...extra}
    />
  );
  const check = (field: 'caseSensitive' | 'trim', label: string) => (
    <label className="flex items-center gap-2 self-end pb-2 text-sm">
      <input type="checkbox" checked={d[field]} onChange={(e) => onChange({ [field]: e.target.checked })} data-testid={`eval-evaluator-${index}-${field}`} />
      {label}
    </label>
  );
  const hint = EVALUATOR_TYPES.find((t) => t.type === d.type)?.hint;
  const judgePrompt = prompts.find((p) => p.name === d.judgePrompt);

  return (
    <fieldset className="grid gap-3 rounded-lg border p-3" data-testid={`eval-evaluator-${index}`}>
      <legend className="sr-only">Evaluator {index + 1}</legend>
      <div className="grid items-start gap-3 sm:grid-cols-[12rem_1fr_6rem_auto]">
        <div className="grid gap-1">
          <Label htmlFor={id('type')} className="text-xs">
            Type
          </Label>
          <NativeSelect
            id={id('type')}
            value={d.type}
            onChange={(e) => onChange({ type: e.target.value as EvaluatorType })}
            data-testid={`eval-evaluator-${index}-type`}
          >
            {EVALUATOR_TYPES.map((t) => (
              <option key={t.type} value={t.type}>
                {t.label}
              </option>
            ))}
          </NativeSelect>
        </div>
        {text('name', 'Name', { hint: 'Also the metric the score is recorded as.', maxLength: 64 })}
        {text('weight', 'Weight', { inputMode: 'decimal', hint: 'In the composite.' })}
        <div className="self-end pb-0.5">
          {onRemove && (
            <Button type="button" variant="ghost" size="icon" onClick={onRemove} aria-label={`Remove evaluator ${index + 1}`} data-testid={`eval-evaluator-${index}-remove`}>
              <Trash2Icon />
            </Button>
          )}
        </div>
      </div>
      {hint && <p className="text-xs text-muted-foreground">{hint}</p>}

      {d.type === 'exact' && (
        <div className="flex flex-wrap gap-4">
          {check('caseSensitive', 'Case-sensitive')}
          {check('trim', 'Ignore surrounding whitespace')}
        </div>
      )}
      {d.type === 'contains' && (
        <div className="grid gap-3 sm:grid-cols-[1fr_auto]">
          {text('value', <>Text {optional}</>, { hint: 'Empty: the item’s expected output.' })}
          {check('caseSensitive', 'Case-sensitive')}
        </div>
      )}
      {d.type === 'regex' && (
        <div className="grid gap-3 sm:grid-cols-[1fr_8rem]">
          {text('pattern', 'Pattern', { className: 'font-mono', placeholder: '^\\d+$' })}
          {text('flags', <>Flags {optional}</>, { className: 'font-mono', hint: 'i, m, s', maxLength: 3 })}
        </div>
      )}
      {d.type === 'json_schema' && (
        <div className="grid gap-1">
          <Label htmlFor={id('schema')} className="text-xs">
            JSON schema
          </Label>
          <Textarea
            id={id('schema')}
            rows={5}
            className="font-mono text-xs"
            value={d.schema}
            aria-invalid={!!error('schema')}
            onChange={(e) => onChange({ schema: e.target.value })}
            data-testid={`eval-evaluator-${index}-schema`}
          />
          <FieldError message={error('schema')} />
        </div>
      )}
      {d.type === 'numeric' && (
        <div className="grid gap-3 sm:grid-cols-2">
          {text('absolute', 'Absolute tolerance', { inputMode: 'decimal' })}
          {text('relative', 'Relative tolerance', { inputMode: 'decimal', hint: '0.05 is 5% of the expected number.' })}
        </div>
      )}
      {d.type === 'length' && (
        <div className="grid gap-3 sm:grid-cols-2">
          {text('min', <>Minimum characters {optional}</>, { inputMode: 'numeric' })}
          {text('max', <>Maximum characters {optional}</>, { inputMode: 'numeric' })}
        </div>
      )}
      {d.type === 'levenshtein' && text('threshold', 'Pass at similarity', { inputMode: 'decimal', hint: 'From 0 to 1.' })}
      {d.type === 'latency' && text('maxMs', 'At most (ms)', { inputMode: 'numeric' })}
      {d.type === 'cost' && text('maxUsd', 'At most (USD)', { inputMode: 'decimal' })}
      {d.type === 'judge' && (
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
          <div className="grid content-start gap-1">
            <Label htmlFor={id('prompt')} className="text-xs">
              Judge prompt
            </Label>
            <NativeSelect
              id={id('prompt')}
              value={d.judgePrompt}
              aria-invalid={!!error('prompt')}
              onChange={(e) => onChange({ judgePrompt: e.target.value, judgeTarget: defaultTarget(prompts.find((p) => p.name === e.target.value)) })}
              data-testid={`eval-evaluator-${index}-prompt`}
            >
              <option value="">Pick a prompt</option>
              {prompts.map((p) => (
                <option key={p.name} value={p.name}>
                  {p.name}
                </option>
              ))}
            </NativeSelect>
            <FieldError message={error('prompt')} />
          </div>
          <div className="grid content-start gap-1">
            <Label htmlFor={id('target')} className="text-xs">
              Judge version
            </Label>
            <NativeSelect
              id={id('target')}
              value={d.judgeTarget}
              disabled={!judgePrompt}
              onChange={(e) => onChange({ judgeTarget: e.target.value })}
              data-testid={`eval-evaluator-${index}-target`}
            >
              <TargetOptions prompt={judgePrompt} />
            </NativeSelect>
            <FieldError message={error('label') ?? error('version')} />
          </div>
          <div className="grid content-start gap-1">
            <Label htmlFor={id('model')} className="text-xs">
              Judge model {optional}
            </Label>
            <NativeSelect id={id('model')} value={d.judgeModel} onChange={(e) => onChange({ judgeModel: e.target.value })} data-testid={`eval-evaluator-${index}-model`}>
              <option value="">The judge prompt’s own</option>
              {models.map((m) => (
                <option key={m.id} value={modelKey(m)}>
                  {m.provider}/{m.model}
                </option>
              ))}
            </NativeSelect>
          </div>
          <div className="grid content-start gap-1">
            <Label htmlFor={id('scale')} className="text-xs">
              Scale
            </Label>
            <NativeSelect
              id={id('scale')}
              value={d.scale}
              onChange={(e) => onChange({ scale: e.target.value as EvaluatorDraft['scale'] })}
              data-testid={`eval-evaluator-${index}-scale`}
            >
              <option value="binary">pass / fail</option>
              <option value="1-5">1 to 5</option>
              <option value="0-1">0 to 1</option>
            </NativeSelect>
          </div>
          {d.scale !== 'binary' &&
            text('passAt', <>Passes at {optional}</>, { inputMode: 'decimal', hint: d.scale === '1-5' ? 'e.g. 4; empty: a score, no pass/fail.' : 'e.g. 0.7; empty: a score, no pass/fail.' })}
        </div>
      )}
    </fieldset>
  );
}
