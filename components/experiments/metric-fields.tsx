'use client';
import { PlusIcon, Trash2Icon } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { Label } from '@/components/ui/label';
import { NativeSelect } from '@/components/ui/native-select';
import { newMetric, type Direction, type FieldErrors, type GuardrailDraft, type MetricAggregate, type MetricDraft, type MetricPer, type MetricType } from './experiment-draft';
import { TextField } from '@/components/console/form-field';

const MAX_GUARDRAILS = 10;

/** Name, type and direction of a metric; `testIds` only for the primary one, which tests fill in. */
function MetricRow({ id, value, errors, path, primary, onChange }: {
  id: string;
  value: MetricDraft;
  errors: FieldErrors;
  path: string;
  primary?: boolean;
  onChange: (value: MetricDraft) => void;
}) {
  return (
    <>
      <TextField
        compact
        id={`${id}-name`}
        label="Name"
        value={value.name}
        maxLength={64}
        className="font-mono"
        placeholder={primary ? 'conversion' : 'latency_ms'}
        error={errors[`${path}.name`]}
        onChange={(e) => onChange({ ...value, name: e.target.value })}
        data-testid={primary ? 'metric-name' : undefined}
      />
      <div className="grid content-start gap-1">
        <Label htmlFor={`${id}-type`} className="text-xs">
          Type
        </Label>
        <NativeSelect
          id={`${id}-type`}
          value={value.type}
          onChange={(e) => onChange({ ...value, type: e.target.value as MetricType })}
          data-testid={primary ? 'metric-type' : undefined}
        >
          <option value="binary">binary (0 or 1)</option>
          <option value="continuous">continuous (any number)</option>
        </NativeSelect>
      </div>
      <div className="grid content-start gap-1">
        <Label htmlFor={`${id}-direction`} className="text-xs">
          Better when it
        </Label>
        <NativeSelect
          id={`${id}-direction`}
          value={value.direction}
          onChange={(e) => onChange({ ...value, direction: e.target.value as Direction })}
          data-testid={primary ? 'metric-direction' : undefined}
        >
          <option value="increase">increases</option>
          <option value="decrease">decreases</option>
        </NativeSelect>
      </div>
    </>
  );
}

const perHelp: Record<MetricPer, string> = {
  unit: 'One value per unit (user): n counts units, so a user with many executions weighs as much as one with few.',
  execution: 'A ratio over all executions of the units (e.g. clicks per execution), its variance by the delta method over units.',
};

const aggregateHelp: Record<MetricAggregate, string> = {
  mean: 'The unit’s mean of its values; units that reported none are left out.',
  sum: 'The unit’s total (e.g. revenue per user); units that reported none count 0.',
};

/** How a metric is analysed: per unit (the default) or as a ratio per execution, and for continuous per-unit metrics the unit's mean or sum. */
function MetricAnalysis({ id, value, primary, onChange }: { id: string; value: MetricDraft; primary?: boolean; onChange: (value: MetricDraft) => void }) {
  const perUnitContinuous = value.per === 'unit' && value.type === 'continuous';
  return (
    <div className="col-span-full grid gap-3 sm:grid-cols-2">
      <div className="grid content-start gap-1">
        <Label htmlFor={`${id}-per`} className="text-xs">
          Analyse per
        </Label>
        <NativeSelect id={`${id}-per`} value={value.per} onChange={(e) => onChange({ ...value, per: e.target.value as MetricPer })} data-testid={primary ? 'metric-per' : undefined}>
          <option value="unit">unit (default)</option>
          <option value="execution">execution (ratio)</option>
        </NativeSelect>
        <p className="text-xs text-muted-foreground">{perHelp[value.per]}</p>
      </div>
      {perUnitContinuous && (
        <div className="grid content-start gap-1">
          <Label htmlFor={`${id}-aggregate`} className="text-xs">
            Unit value
          </Label>
          <NativeSelect
            id={`${id}-aggregate`}
            value={value.aggregate}
            onChange={(e) => onChange({ ...value, aggregate: e.target.value as MetricAggregate })}
            data-testid={primary ? 'metric-aggregate' : undefined}
          >
            <option value="mean">mean (default)</option>
            <option value="sum">sum</option>
          </NativeSelect>
          <p className="text-xs text-muted-foreground">{aggregateHelp[value.aggregate]}</p>
        </div>
      )}
    </div>
  );
}

type Props = {
  primary: MetricDraft;
  guardrails: GuardrailDraft[];
  errors: FieldErrors;
  onPrimary: (m: MetricDraft) => void;
  onGuardrails: (g: GuardrailDraft[]) => void;
  /** Why a part cannot change (a started experiment's plan): its controls are disabled and the reason shown. */
  locked?: { primary?: string; guardrails?: string };
};

export function MetricFields({ primary, guardrails, errors, onPrimary, onGuardrails, locked = {} }: Props) {
  const update = (i: number, patch: Partial<GuardrailDraft>) => onGuardrails(guardrails.map((g, j) => (j === i ? { ...g, ...patch } : g)));
  return (
    <div className="grid gap-4">
      <fieldset className="grid gap-2" disabled={Boolean(locked.primary)}>
        <legend className="mb-1 text-sm font-medium">Primary metric</legend>
        <p className="-mt-1 text-xs text-muted-foreground" data-testid={locked.primary ? 'primary-metric-locked' : undefined}>
          {locked.primary ?? 'The outcome your application reports per execution (POST /api/v1/metrics) and the one that decides the experiment.'}
        </p>
        <div className="grid gap-3 sm:grid-cols-3">
          <MetricRow id="primary-metric" value={primary} errors={errors} path="primaryMetric" primary onChange={onPrimary} />
          <MetricAnalysis id="primary-metric" value={primary} primary onChange={onPrimary} />
        </div>
      </fieldset>
      <fieldset className="grid gap-2" disabled={Boolean(locked.guardrails)}>
        <legend className="mb-1 text-sm font-medium">Guardrail metrics (optional)</legend>
        <p className="-mt-1 text-xs text-muted-foreground" data-testid={locked.guardrails ? 'guardrails-locked' : undefined}>
          {locked.guardrails ?? 'Metrics that must not get worse than the tolerance (latency, cost, complaints…). A winner that breaks one is not recommended.'}
        </p>
        {guardrails.map((g, i) => (
          <div key={i} className="grid grid-cols-2 gap-3 rounded-md border p-3 sm:grid-cols-[1.4fr_1fr_1fr_0.8fr_auto] sm:items-start" data-testid={`guardrail-${i}`}>
            <MetricRow id={`guardrail-${i}`} value={g} errors={errors} path={`guardrailMetrics.${i}`} onChange={(m) => update(i, m)} />
            <TextField
              compact
              id={`guardrail-${i}-tolerance`}
              label="Tolerance (%)"
              inputMode="decimal"
              value={g.tolerance}
              error={errors[`guardrailMetrics.${i}.tolerance`]}
              onChange={(e) => update(i, { tolerance: e.target.value })}
            />
            <div className="flex items-end sm:pt-6">
              <Button type="button" variant="ghost" size="sm" onClick={() => onGuardrails(guardrails.filter((_, j) => j !== i))} aria-label={`Remove guardrail ${g.name || i + 1}`}>
                <Trash2Icon />
              </Button>
            </div>
            <MetricAnalysis id={`guardrail-${i}`} value={g} onChange={(m) => update(i, m)} />
          </div>
        ))}
        <div>
          <Button
            type="button"
            variant="outline"
            size="sm"
            disabled={guardrails.length >= MAX_GUARDRAILS}
            onClick={() => onGuardrails([...guardrails, { ...newMetric({ name: '', type: 'continuous', direction: 'decrease' }), tolerance: '5' }])}
            data-testid="add-guardrail"
          >
            <PlusIcon /> Add guardrail
          </Button>
        </div>
      </fieldset>
    </div>
  );
}
