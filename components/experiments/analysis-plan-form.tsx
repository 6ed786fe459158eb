'use client';
import { useState, useTransition } from 'react';
import { editExperimentAction } from '@/app/(console)/experiments/actions';
import { describeFailure } from '@/components/console/action-failure';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import type { ExperimentView } from '@/lib/experiments/views';
import { AnalysisFields } from './analysis-fields';
import { draftFromExperiment, parseDraft, type ExperimentDraft, type FieldErrors } from './experiment-draft';
import { MetricFields } from './metric-fields';

// The rule lives in lib/experiments/analysis-plan.ts (the service refuses the same edits); these
// are the reasons a person reads next to the disabled fields.
const FIXED = 'Fixed since the experiment started: choosing the metric, alpha or test after seeing data inflates false positives. Restart as a new experiment to change it.';
const ADMINS_ONLY = 'Since the experiment started, only an admin may change this (the change is audited).';

/**
 * The analysis plan of a started experiment: the primary metric, alpha and method shown but
 * disabled; guardrails and the minimum sample editable by an admin.
 */
export function AnalysisPlanForm({ experiment, canAdjust }: { experiment: ExperimentView; canAdjust: boolean }) {
  const [draft, setDraft] = useState<ExperimentDraft>(() => draftFromExperiment(experiment));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [pending, startTransition] = useTransition();
  const set = (patch: Partial<ExperimentDraft>) => {
    setSaved(false);
    setDraft((d) => ({ ...d, ...patch }));
  };
  const adjustable = canAdjust ? undefined : ADMINS_ONLY;

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = parseDraft(draft);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      setFailure('Please correct the fields marked below.');
      return;
    }
    const { guardrailMetrics, minSampleSize } = parsed.input;
    startTransition(async () => {
      const result = await editExperimentAction({ key: experiment.key, changes: { guardrailMetrics, minSampleSize } }).catch(() => null);
      if (!result) return setFailure('The server could not be reached. Nothing was saved; try again.');
      if (!result.ok) {
        const described = describeFailure(result);
        setErrors(Object.fromEntries(Object.entries(described.fields).map(([path, m]) => [path.replace(/^changes\./, ''), m])));
        return setFailure(described.message);
      }
      setErrors({});
      setFailure(null);
      setSaved(true);
    });
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>Analysis plan</CardTitle>
        <CardDescription>How the results are read. The primary metric, alpha and method were fixed when it started.</CardDescription>
      </CardHeader>
      <CardContent>
        <form onSubmit={submit} className="grid gap-6" data-testid="analysis-plan-form" noValidate>
          <MetricFields
            primary={draft.primaryMetric}
            guardrails={draft.guardrails}
            errors={errors}
            onPrimary={(primaryMetric) => set({ primaryMetric })}
            onGuardrails={(guardrails) => set({ guardrails })}
            locked={{ primary: FIXED, guardrails: adjustable }}
          />
          <AnalysisFields draft={draft} errors={errors} onChange={set} locked={{ test: FIXED, minSampleSize: adjustable }} />
          {failure && (
            <Alert variant="destructive" data-testid="analysis-plan-error">
              {failure}
            </Alert>
          )}
          {saved && (
            <Alert variant="success" data-testid="analysis-plan-saved">
              Saved; the change is in the audit log.
            </Alert>
          )}
          {canAdjust && (
            <div className="flex justify-end">
              <Button type="submit" disabled={pending} data-testid="save-analysis-plan">
                {pending ? 'Saving…' : 'Save guardrails and minimum sample'}
              </Button>
            </div>
          )}
        </form>
      </CardContent>
    </Card>
  );
}
