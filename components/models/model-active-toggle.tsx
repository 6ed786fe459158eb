'use client';
import { useState, useTransition } from 'react';
import { describeFailure } from '@/components/console/action-failure';
import type { ModelView } from '@/lib/models/catalog';
import { cn } from '@/lib/ui/cn';
import { modelTestId, type ChangeModel } from './model-actions';

/** Active models are offered in the console; an inactive one keeps its price for the executions that used it. */
export function ModelActiveToggle({ model, changeModel }: { model: Pick<ModelView, 'id' | 'provider' | 'model' | 'displayName' | 'active'>; changeModel: ChangeModel }) {
  const [error, setError] = useState('');
  const [pending, startTransition] = useTransition();
  // Shown at once; the page's fresh data confirms it, or the error puts it back.
  const [shown, setShown] = useState(model.active);

  function toggle() {
    const next = !shown;
    setShown(next);
    setError('');
    startTransition(async () => {
      const result = await changeModel({ id: model.id, change: { active: next } });
      if (!result.ok) {
        setShown(!next);
        setError(describeFailure(result).message);
      }
    });
  }

  return (
    <div className="grid justify-items-start gap-1">
      <button
        type="button"
        role="switch"
        aria-checked={shown}
        aria-label={`${model.displayName} is ${shown ? 'active' : 'inactive'}`}
        onClick={toggle}
        disabled={pending}
        data-testid={`model-active-${modelTestId(model)}`}
        className={cn(
          'relative inline-flex h-5 w-9 shrink-0 items-center rounded-full border-2 border-transparent transition-colors focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none disabled:opacity-60',
          shown ? 'bg-success' : 'bg-input',
        )}
      >
        <span className={cn('block size-4 rounded-full bg-background shadow transition-transform', shown ? 'translate-x-4' : 'translate-x-0')} />
      </button>
      {error && (
        <p className="max-w-40 text-xs text-destructive" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
