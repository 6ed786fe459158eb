'use client';
import type { ExperimentDraft, FieldErrors, Method } from './experiment-draft';
import { DEFAULT_LOSS_THRESHOLD, share } from './analysis-method';
import { SampleSizeCalculator } from './sample-size-calculator';
import { TextField } from '@/components/console/form-field';

// Sequential first: it is the default, and the only one that stays valid however often the results are read.
const methods: { value: Method; title: string; hint: string }[] = [
  { value: 'sequential', title: 'Sequential (peeking-safe)', hint: 'Always-valid intervals: check the results any day and stop as soon as they are clear, at the price of somewhat wider intervals.' },
  { value: 'frequentist', title: 'Fixed horizon', hint: 'Classic t- and z-tests, valid only once every variant reaches the planned sample; reading them earlier inflates false positives.' },
  { value: 'bayesian', title: 'Bayesian', hint: `Ships when the chance to beat the control exceeds 1 − alpha and the expected loss of shipping is below ${share(DEFAULT_LOSS_THRESHOLD)} of the control.` },
];

type Props = {
  draft: ExperimentDraft;
  errors: FieldErrors;
  onChange: (patch: Partial<ExperimentDraft>) => void;
  /** Why a part cannot change (a started experiment's plan): its controls are disabled and the reason shown. */
  locked?: { test?: string; minSampleSize?: string };
};

/** Method, alpha and minimum sample size, with the calculator that fills the last one. */
export function AnalysisFields({ draft, errors, onChange: set, locked = {} }: Props) {
  return (
    <>
      <fieldset className="grid gap-2" data-testid="experiment-method" disabled={Boolean(locked.test)}>
        <legend className="mb-1 text-sm font-medium">Method</legend>
        {locked.test && <p className="-mt-1 text-xs text-muted-foreground" data-testid="method-locked">{locked.test}</p>}
        {methods.map((m) => (
          <label key={m.value} className="flex items-start gap-2 rounded-md border p-2 text-sm has-[:checked]:border-primary has-[:checked]:bg-accent/50">
            <input type="radio" name="method" className="mt-1" value={m.value} checked={draft.method === m.value} onChange={() => set({ method: m.value })} />
            <span>
              <span className="font-medium">{m.title}</span>
              <span className="block text-xs text-muted-foreground">{m.hint}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          id="experiment-alpha"
          label="Alpha"
          inputMode="decimal"
          value={draft.alpha}
          error={errors.alpha}
          hint={locked.test ?? 'The false-positive rate you accept; 0.05 is the usual choice.'}
          disabled={Boolean(locked.test)}
          onChange={(e) => set({ alpha: e.target.value })}
          data-testid="experiment-alpha"
        />
        <TextField
          id="experiment-min-sample"
          label="Planned sample per variant (units)"
          inputMode="numeric"
          value={draft.minSampleSize}
          error={errors.minSampleSize}
          hint={locked.minSampleSize ?? 'Units (distinct unitIds) per variant. No winner is recommended before every variant has this many; a fixed-horizon test is read only then.'}
          disabled={Boolean(locked.minSampleSize)}
          onChange={(e) => set({ minSampleSize: e.target.value })}
          data-testid="experiment-min-sample-size"
        />
      </div>
      {!locked.minSampleSize && (
        <SampleSizeCalculator
          metricType={draft.primaryMetric.type}
          alpha={Number(draft.alpha)}
          variants={draft.variants.length}
          onUse={(n) => set({ minSampleSize: String(n) })}
        />
      )}
    </>
  );
}
