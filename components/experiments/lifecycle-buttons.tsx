'use client';
import { useState } from 'react';
import { transitionExperimentAction } from '@/app/(console)/experiments/actions';
import { ConfirmDialog } from '@/components/console/confirm-dialog';
import { Button } from '@/components/ui/button';
import type { ExperimentView } from '@/lib/experiments/views';

type Transition = 'start' | 'pause' | 'complete';
type Step = { transition: Transition; label: string; testId: string; title: string; description: string; confirm: string; pending: string; destructive?: boolean };

function stepsFor(e: Pick<ExperimentView, 'key' | 'prompt' | 'status' | 'coverage'>): Step[] {
  const served =
    e.coverage >= 1
      ? `every user asking for ${e.prompt} with a unit id gets one of the variants and keeps it.`
      : `${Math.round(e.coverage * 1000) / 10}% of the users asking for ${e.prompt} with a unit id get one of the variants and keep it.`;
  const start: Step = {
    transition: 'start',
    label: e.status === 'paused' ? 'Resume' : 'Start',
    testId: e.status === 'paused' ? 'resume-experiment' : 'start-experiment',
    title: e.status === 'paused' ? `Resume ${e.key}?` : `Start ${e.key}?`,
    description:
      `From the next request, ${served} ` +
      `At most one experiment runs per prompt: if another is running on ${e.prompt}, Verso refuses and says which.` +
      (e.status === 'draft' ? ' Once started, variants, weights and salt can no longer change.' : ''),
    confirm: e.status === 'paused' ? 'Resume' : 'Start experiment',
    pending: e.status === 'paused' ? 'Resuming…' : 'Starting…',
  };
  const pause: Step = {
    transition: 'pause',
    label: 'Pause',
    testId: 'pause-experiment',
    title: `Pause ${e.key}?`,
    description: `Everyone gets ${e.prompt}'s production version until you resume it. Assignments and data are kept; resuming puts every user back on the same variant.`,
    confirm: 'Pause',
    pending: 'Pausing…',
  };
  const complete: Step = {
    transition: 'complete',
    label: 'Complete',
    testId: 'complete-experiment',
    title: `Complete ${e.key} without a winner?`,
    description: `It stops for good and everyone gets ${e.prompt}'s production version, which does not change. To ship a variant, declare it the winner instead. The results stay readable.`,
    confirm: 'Complete',
    pending: 'Completing…',
    destructive: true,
  };
  switch (e.status) {
    case 'draft':
      return [start];
    case 'running':
      return [pause, complete];
    case 'paused':
      return [start, complete];
    default:
      return [];
  }
}

function LifecycleButton({ experimentKey, step }: { experimentKey: string; step: Step }) {
  const [open, setOpen] = useState(false);
  return (
    <ConfirmDialog
      open={open}
      onOpenChange={setOpen}
      trigger={
        <Button variant={step.transition === 'start' ? 'default' : 'outline'} data-testid={step.testId}>
          {step.label}
        </Button>
      }
      title={step.title}
      description={step.description}
      confirm={{ label: step.confirm, pending: step.pending, destructive: step.destructive, testId: `confirm-${step.testId}` }}
      run={() => transitionExperimentAction({ key: experimentKey, transition: step.transition })}
    />
  );
}

/** Start, pause, resume, complete: admins only, each after a confirmation; refusals (409) show in the dialog. */
export function LifecycleButtons({ experiment }: { experiment: Pick<ExperimentView, 'key' | 'prompt' | 'status' | 'coverage'> }) {
  return (
    <>
      {stepsFor(experiment).map((step) => (
        <LifecycleButton key={step.testId} experimentKey={experiment.key} step={step} />
      ))}
    </>
  );
}
