'use client';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { createExperimentAction, editExperimentAction } from '@/app/(console)/experiments/actions';
import { describeFailure } from '@/components/console/action-failure';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Label } from '@/components/ui/label';
import { NativeSelect } from '@/components/ui/native-select';
import { Textarea } from '@/components/ui/textarea';
import { keyFromName, parseDraft, variantsFor, type ExperimentDraft, type FieldErrors, type PromptChoice } from './experiment-draft';
import { AnalysisFields } from './analysis-fields';
import { MetricFields } from './metric-fields';
import { VariantFields } from './variant-fields';
import { TargetingField } from './targeting-field';
import { FieldError, optional, TextField } from '@/components/console/form-field';

type Props = {
  prompts: PromptChoice[];
  initial: ExperimentDraft;
  /** create: a new experiment; edit: the draft with this key (its key and prompt stay). */
  mode: 'create' | 'edit';
};

// After the errors render: on a phone the refused field is usually far above the button.
function focusFirstInvalid(form: HTMLFormElement) {
  requestAnimationFrame(() => form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
}

export function ExperimentForm({ prompts, initial, mode }: Props) {
  const router = useRouter();
  const [draft, setDraft] = useState(initial);
  const [keyEdited, setKeyEdited] = useState(mode === 'edit' || initial.key !== '');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [pending, startTransition] = useTransition();
  const prompt = prompts.find((p) => p.name === draft.prompt);
  const set = (patch: Partial<ExperimentDraft>) => {
    setSaved(false);
    setDraft((d) => ({ ...d, ...patch }));
  };

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = parseDraft(draft);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      setFailure('Please correct the fields marked below.');
      focusFirstInvalid(event.currentTarget);
      return;
    }
    const form = event.currentTarget;
    startTransition(async () => {
      const { key, prompt: _prompt, ...changes } = parsed.input;
      const result = await (mode === 'create' ? createExperimentAction(parsed.input) : editExperimentAction({ key, changes })).catch(() => null);
      if (!result) {
        setFailure('The server could not be reached. Nothing was saved; try again.');
        return;
      }
      if (!result.ok) {
        const described = describeFailure(result);
        // The edit action nests the fields under `changes`.
        setErrors(Object.fromEntries(Object.entries(described.fields).map(([path, m]) => [path.replace(/^changes\./, ''), m])));
        setFailure(described.message);
        focusFirstInvalid(form);
        return;
      }
      setErrors({});
      setFailure(null);
      if (mode === 'create') router.push(`/experiments/${encodeURIComponent(result.data.key)}`);
      else setSaved(true);
    });
  }

  const coverage = draft.coverage.trim() === '' ? NaN : Number(draft.coverage);
  const errorList = Object.entries(errors);

  return (
    <form onSubmit={submit} className="grid gap-4" data-testid="experiment-form" noValidate>
      <Card>
        <CardHeader>
          <CardTitle>What to test</CardTitle>
          <CardDescription>The prompt, a name people will recognise, and why you expect a difference.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4 sm:grid-cols-2">
          <div className="grid content-start gap-1.5 sm:col-span-2">
            <Label htmlFor="experiment-prompt">Prompt</Label>
            <NativeSelect
              id="experiment-prompt"
              value={draft.prompt}
              disabled={mode === 'edit'}
              aria-invalid={!!errors.prompt}
              onChange={(e) => {
                const next = prompts.find((p) => p.name === e.target.value);
                set({ prompt: e.target.value, variants: variantsFor(next), control: 0 });
              }}
              data-testid="experiment-prompt"
            >
              <option value="">Pick a prompt</option>
              {prompts.map((p) => (
                <option key={p.name} value={p.name}>
                  {p.name} ({p.latestVersion} {p.latestVersion === 1 ? 'version' : 'versions'})
                </option>
              ))}
            </NativeSelect>
            <FieldError message={errors.prompt} />
          </div>
          <TextField
            id="experiment-name"
            label="Name"
            value={draft.name}
            maxLength={200}
            placeholder="Shorter greeting"
            error={errors.name}
            onChange={(e) => set(keyEdited ? { name: e.target.value } : { name: e.target.value, key: keyFromName(e.target.value) })}
            data-testid="experiment-name"
          />
          <TextField
            id="experiment-key"
            label="Key"
            value={draft.key}
            maxLength={64}
            className="font-mono"
            readOnly={mode === 'edit'}
            error={errors.key}
            hint={mode === 'edit' ? 'The key cannot change.' : 'Lowercase letters, digits, - and _; applications and the API use it.'}
            onChange={(e) => {
              setKeyEdited(true);
              set({ key: e.target.value });
            }}
            data-testid="experiment-key"
          />
          <div className="grid content-start gap-1.5 sm:col-span-2">
            <Label htmlFor="experiment-hypothesis">
              Hypothesis {optional}
            </Label>
            <Textarea
              id="experiment-hypothesis"
              value={draft.hypothesis}
              maxLength={4000}
              placeholder="A shorter greeting gets more users to reply, because…"
              onChange={(e) => set({ hypothesis: e.target.value })}
              data-testid="experiment-hypothesis"
            />
          </div>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Traffic</CardTitle>
          <CardDescription>Which versions compete, and how many users take part.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          <VariantFields
            prompt={prompt}
            variants={draft.variants}
            control={draft.control}
            coverage={coverage}
            errors={errors}
            onChange={(variants, control) => set({ variants, control })}
          />
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField
              id="experiment-coverage"
              label="Coverage (%)"
              inputMode="decimal"
              value={draft.coverage}
              error={errors.coverage}
              hint="Share of users in the experiment; the others get the production version."
              onChange={(e) => set({ coverage: e.target.value })}
              data-testid="experiment-coverage"
            />
            <TextField
              id="experiment-salt"
              label={<>Salt {optional}</>}
              value={draft.salt}
              maxLength={128}
              className="font-mono"
              placeholder={draft.key || 'the key'}
              error={errors.salt}
              hint="Seeds the assignment hash; empty means the key. Another salt reshuffles users."
              onChange={(e) => set({ salt: e.target.value })}
              data-testid="experiment-salt"
            />
          </div>
          <TargetingField value={draft.targeting} error={errors.targeting} onChange={(targeting) => set({ targeting })} />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Metrics</CardTitle>
          <CardDescription>What “better” means.</CardDescription>
        </CardHeader>
        <CardContent>
          <MetricFields
            primary={draft.primaryMetric}
            guardrails={draft.guardrails}
            errors={errors}
            onPrimary={(primaryMetric) => set({ primaryMetric })}
            onGuardrails={(guardrails) => set({ guardrails })}
          />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Analysis</CardTitle>
          <CardDescription>How the results are read, and how much data they need.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          <AnalysisFields draft={draft} errors={errors} onChange={set} />
        </CardContent>
      </Card>

      {failure && (
        <Alert variant="destructive" data-testid="experiment-form-error">
          <AlertTitle>{mode === 'create' ? 'The experiment was not created' : 'The changes were not saved'}</AlertTitle>
          <AlertDescription>
            <p>{failure}</p>
            {errorList.length > 1 && (
              <ul className="mt-1 list-disc pl-4">
                {errorList.map(([path, message]) => (
                  <li key={path}>
                    <span className="font-mono">{path}</span>: {message}
                  </li>
                ))}
              </ul>
            )}
          </AlertDescription>
        </Alert>
      )}
      {saved && (
        <Alert variant="success" data-testid="experiment-saved">
          Saved. Start the experiment when it is ready.
        </Alert>
      )}
      <div className="flex flex-wrap justify-end gap-2">
        <Button type="submit" disabled={pending} data-testid={mode === 'create' ? 'create-experiment' : 'save-experiment'}>
          {pending ? (mode === 'create' ? 'Creating…' : 'Saving…') : mode === 'create' ? 'Create experiment' : 'Save draft'}
        </Button>
      </div>
    </form>
  );
}
