'use client';
import { PlusIcon } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { createEvalRunAction } from '@/app/(console)/evals/actions';
import { describeFailure } from '@/components/console/action-failure';
import { FieldError, optional, TextField } from '@/components/console/form-field';
import { ActionError } from '@/components/prompts/action-error';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Label } from '@/components/ui/label';
import { NativeSelect } from '@/components/ui/native-select';
import type { ErrorBody } from '@/lib/api/errors';
import type { NewEvalRunInput } from '@/lib/evals/schemas';
import type { ModelView } from '@/lib/models/catalog';
import { evaluatorSpecs, modelKey, modelOfKey, newEvaluator, selectorOf, type DraftErrors, type EvaluatorDraft } from './evaluator-draft';
import { EvaluatorFields } from './evaluator-fields';
import { evalRunPath } from './paths';
import { defaultTarget, TargetOptions, type PromptOption } from './target-options';

export type DatasetOption = { name: string; latestVersion: number; itemCount: number };

type Props = {
  prompts: PromptOption[];
  datasets: DatasetOption[];
  /** Active catalog models, for the override and the judges. */
  models: ModelView[];
  preset: { prompt?: string; dataset?: string };
};

const unreachable: ErrorBody['error'] = { code: 'internal', message: 'The server could not be reached. Nothing was started; try again.' };

// After the errors render: the refused field is often far above the button.
function focusFirstInvalid(form: HTMLFormElement) {
  requestAnimationFrame(() => form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
}

export function NewRunForm({ prompts, datasets, models, preset }: Props) {
  const router = useRouter();
  const [name, setName] = useState('');
  const [dataset, setDataset] = useState(preset.dataset ?? datasets[0]?.name ?? '');
  const [datasetVersion, setDatasetVersion] = useState('');
  const [prompt, setPrompt] = useState(preset.prompt ?? '');
  const [target, setTarget] = useState(defaultTarget(prompts.find((p) => p.name === preset.prompt)));
  const [model, setModel] = useState('');
  const [evaluators, setEvaluators] = useState<EvaluatorDraft[]>(() => [newEvaluator('exact')]);
  const [concurrency, setConcurrency] = useState('8');
  const [rpm, setRpm] = useState('');
  const [errors, setErrors] = useState<DraftErrors>({});
  const [failure, setFailure] = useState<ErrorBody['error'] | null>(null);
  const [pending, startTransition] = useTransition();
  const chosenDataset = datasets.find((d) => d.name === dataset);
  const chosenPrompt = prompts.find((p) => p.name === prompt);

  const update = (i: number, patch: Partial<EvaluatorDraft>) =>
    setEvaluators((list) =>
      list.map((e, n) => {
        if (n !== i) return e;
        // A new type renames an evaluator still called after its old type.
        const renamed = patch.type && patch.type !== e.type && e.name.startsWith(e.type.replace(/_/g, '-'));
        const next = { ...e, ...patch };
        if (renamed) next.name = newEvaluator(patch.type, list.filter((_, k) => k !== i).map((x) => x.name)).name;
        return next;
      }),
    );

  function build(): { ok: true; input: NewEvalRunInput } | { ok: false; errors: DraftErrors } {
    const found: DraftErrors = {};
    if (!dataset) found.dataset = 'Pick a dataset.';
    if (!prompt) found.prompt = 'Pick a prompt.';
    const c = Number(concurrency);
    if (!Number.isInteger(c) || c < 1) found.concurrency = 'A whole number from 1.';
    const r = rpm.trim() === '' ? undefined : Number(rpm);
    if (r !== undefined && (!Number.isInteger(r) || r < 1)) found.requestsPerMinute = 'A whole number from 1, or empty for no limit.';
    const specs = evaluatorSpecs(evaluators);
    if (!specs.ok) Object.assign(found, specs.errors);
    if (Object.keys(found).length > 0 || !specs.ok) return { ok: false, errors: found };
    const override = model ? modelOfKey(model) : undefined;
    return {
      ok: true,
      input: {
        name: name.trim(),
        dataset,
        ...(datasetVersion ? { datasetVersion: Number(datasetVersion) } : {}),
        prompt,
        ...selectorOf(target),
        ...(override ? { model: override } : {}),
        evaluators: specs.specs,
        concurrency: c,
        ...(r !== undefined ? { requestsPerMinute: r } : {}),
      },
    };
  }

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const built = build();
    if (!built.ok) {
      setErrors(built.errors);
      setFailure({ code: 'invalid', message: 'Please correct the fields marked below.' });
      focusFirstInvalid(form);
      return;
    }
    startTransition(async () => {
      const result = await createEvalRunAction(built.input).catch(() => null);
      if (!result) return setFailure(unreachable);
      if (!result.ok) {
        setErrors(describeFailure(result).fields);
        setFailure(result.error);
        focusFirstInvalid(form);
        return;
      }
      setErrors({});
      setFailure(null);
      router.push(evalRunPath(result.data.id));
    });
  }

  return (
    <form onSubmit={submit} className="grid gap-4" data-testid="eval-run-form" noValidate>
      <Card>
        <CardHeader>
          <CardTitle>What to run</CardTitle>
          <CardDescription>Every item of the dataset version goes through the prompt version once.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4 sm:grid-cols-2">
          <TextField
            id="eval-name"
            label={<>Name {optional}</>}
            value={name}
            maxLength={200}
            placeholder="v2 with the shorter system prompt"
            onChange={(e) => setName(e.target.value)}
            fieldClassName="sm:col-span-2"
            data-testid="eval-name"
          />
          <div className="grid content-start gap-1.5">
            <Label htmlFor="eval-dataset">Dataset</Label>
            <NativeSelect
              id="eval-dataset"
              value={dataset}
              aria-invalid={!!errors.dataset}
              onChange={(e) => {
                setDataset(e.target.value);
                setDatasetVersion('');
              }}
              data-testid="eval-dataset"
            >
              <option value="">Pick a dataset</option>
              {datasets.map((d) => (
                <option key={d.name} value={d.name}>
                  {d.name} ({d.itemCount} items in v{d.latestVersion})
                </option>
              ))}
            </NativeSelect>
            <FieldError message={errors.dataset} />
          </div>
          <div className="grid content-start gap-1.5">
            <Label htmlFor="eval-dataset-version">Dataset version</Label>
            <NativeSelect
              id="eval-dataset-version"
              value={datasetVersion}
              disabled={!chosenDataset}
              aria-invalid={!!errors.datasetVersion}
              onChange={(e) => setDatasetVersion(e.target.value)}
              data-testid="eval-dataset-version"
            >
              <option value="">latest{chosenDataset ? ` (v${chosenDataset.latestVersion})` : ''}</option>
              {chosenDataset &&
                Array.from({ length: chosenDataset.latestVersion }, (_, i) => chosenDataset.latestVersion - i).map((v) => (
                  <option key={v} value={v}>
                    v{v}
                  </option>
                ))}
            </NativeSelect>
            <FieldError message={errors.datasetVersion} />
          </div>
          <div className="grid content-start gap-1.5">
            <Label htmlFor="eval-prompt">Prompt</Label>
            <NativeSelect
              id="eval-prompt"
              value={prompt}
              aria-invalid={!!errors.prompt}
              onChange={(e) => {
                setPrompt(e.target.value);
                setTarget(defaultTarget(prompts.find((p) => p.name === e.target.value)));
              }}
              data-testid="eval-prompt"
            >
              <option value="">Pick a prompt</option>
              {prompts.map((p) => (
                <option key={p.name} value={p.name}>
                  {p.name}
                </option>
              ))}
            </NativeSelect>
            <FieldError message={errors.prompt} />
          </div>
          <div className="grid content-start gap-1.5">
            <Label htmlFor="eval-target">Version</Label>
            <NativeSelect
              id="eval-target"
              value={target}
              disabled={!chosenPrompt}
              aria-invalid={!!(errors.version ?? errors.label)}
              onChange={(e) => setTarget(e.target.value)}
              data-testid="eval-target"
            >
              <TargetOptions prompt={chosenPrompt} />
            </NativeSelect>
            <FieldError message={errors.version ?? errors.label} />
          </div>
          <div className="grid content-start gap-1.5 sm:col-span-2">
            <Label htmlFor="eval-model">Model {optional}</Label>
            <NativeSelect id="eval-model" value={model} onChange={(e) => setModel(e.target.value)} data-testid="eval-model">
              <option value="">The version’s own model</option>
              {models.map((m) => (
                <option key={m.id} value={modelKey(m)}>
                  {m.provider}/{m.model}
                </option>
              ))}
            </NativeSelect>
            <FieldError message={errors.model} />
          </div>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>How to score</CardTitle>
          <CardDescription>
            Each evaluator scores every output; its name is the metric the score is recorded as. The composite is their weighted mean.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-3" data-testid="eval-evaluators">
          {evaluators.map((e, i) => (
            <EvaluatorFields
              key={e.key}
              index={i}
              draft={e}
              onChange={(patch) => update(i, patch)}
              onRemove={evaluators.length > 1 ? () => setEvaluators((list) => list.filter((_, n) => n !== i)) : null}
              errors={errors}
              prompts={prompts}
              models={models}
            />
          ))}
          <FieldError message={errors.evaluators} />
          <div>
            <Button
              type="button"
              variant="outline"
              disabled={evaluators.length >= 20}
              onClick={() => setEvaluators((list) => [...list, newEvaluator('contains', list.map((x) => x.name))])}
              data-testid="eval-add-evaluator"
            >
              <PlusIcon /> Add an evaluator
            </Button>
          </div>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Pace</CardTitle>
          <CardDescription>How many items run at once, and a ceiling on calls per minute to stay under the provider’s rate limit.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4 sm:grid-cols-2">
          <TextField
            id="eval-concurrency"
            label="Concurrency"
            inputMode="numeric"
            value={concurrency}
            error={errors.concurrency}
            onChange={(e) => setConcurrency(e.target.value)}
            data-testid="eval-concurrency"
          />
          <TextField
            id="eval-rpm"
            label={<>Requests per minute {optional}</>}
            inputMode="numeric"
            value={rpm}
            error={errors.requestsPerMinute}
            hint="Judge calls count too."
            onChange={(e) => setRpm(e.target.value)}
            data-testid="eval-rpm"
          />
        </CardContent>
      </Card>

      {failure && <ActionError error={failure} />}
      <div>
        <Button type="submit" disabled={pending} data-testid="eval-submit">
          {pending ? 'Starting…' : 'Start the run'}
        </Button>
      </div>
    </form>
  );
}
