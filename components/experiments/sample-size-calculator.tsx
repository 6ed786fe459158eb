'use client';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { DEFAULT_POWER, sampleSizeMeans, sampleSizeProportions } from '@/lib/stats';
import { count } from './figures';
import { TextField } from '@/components/console/form-field';
import type { MetricType } from './experiment-draft';

type Props = { metricType: MetricType; alpha: number; variants: number; onUse: (perVariant: number) => void };

const toNumber = (s: string) => (s.trim() === '' ? NaN : Number(s));

/** Units per variant for 80% power, from the baseline and the smallest effect worth detecting (lib/stats is pure: it runs here). */
export function SampleSizeCalculator({ metricType, alpha, variants, onUse }: Props) {
  const [baseline, setBaseline] = useState('10');
  const [relativeMde, setRelativeMde] = useState('20');
  const [sd, setSd] = useState('1');
  const [absoluteMde, setAbsoluteMde] = useState('0.1');
  const safeAlpha = Number.isFinite(alpha) && alpha > 0 && alpha < 0.5 ? alpha : 0.05;
  const size =
    metricType === 'binary'
      ? sampleSizeProportions({ baseline: toNumber(baseline) / 100, mde: toNumber(relativeMde) / 100, alpha: safeAlpha })
      : sampleSizeMeans({ sd: toNumber(sd), mde: toNumber(absoluteMde), alpha: safeAlpha });
  const binary = metricType === 'binary';
  const target = binary ? (toNumber(baseline) / 100) * (1 + toNumber(relativeMde) / 100) : null;

  return (
    <div className="grid gap-3 rounded-md border bg-muted/30 p-3" data-testid="sample-size-calculator">
      <p className="text-sm font-medium">Sample-size calculator</p>
      <div className="grid grid-cols-2 gap-3">
        {binary ? (
          <>
            <TextField compact id="calc-baseline" label="Baseline rate (%)" inputMode="decimal" value={baseline} onChange={(e) => setBaseline(e.target.value)} />
            <TextField compact id="calc-mde" label="Relative effect to detect (%)" inputMode="decimal" value={relativeMde} onChange={(e) => setRelativeMde(e.target.value)} />
          </>
        ) : (
          <>
            <TextField compact id="calc-sd" label="Standard deviation" inputMode="decimal" value={sd} onChange={(e) => setSd(e.target.value)} />
            <TextField compact id="calc-mde" label="Absolute effect to detect" inputMode="decimal" value={absoluteMde} onChange={(e) => setAbsoluteMde(e.target.value)} />
          </>
        )}
      </div>
      <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
        {size.perVariant !== null ? (
          <p data-testid="sample-size-result">
            <span className="font-semibold tabular-nums">{count(size.perVariant)}</span> per variant ({count(size.perVariant * variants)} in all)
            <span className="block text-xs text-muted-foreground">
              {binary && target !== null ? `to tell ${baseline}% from ${(target * 100).toFixed(2)}%, ` : ''}
              {Math.round(DEFAULT_POWER * 100)}% power, two-sided alpha {safeAlpha}
            </span>
          </p>
        ) : (
          <p className="text-xs text-destructive">{size.reason}</p>
        )}
        <Button type="button" size="sm" variant="secondary" disabled={size.perVariant === null} onClick={() => size.perVariant && onUse(size.perVariant)} data-testid="use-sample-size">
          Use this
        </Button>
      </div>
    </div>
  );
}
