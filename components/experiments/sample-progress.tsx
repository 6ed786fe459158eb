import { Badge } from '@/components/ui/badge';
import type { ExperimentResults } from '@/lib/experiments/results';
import { count, percent } from './figures';
import { variantColor } from './palette';

type Props = {
  variants: ExperimentResults['variants'];
  /** What was randomised: units (unitIds), or requests when no execution carries a unitId. */
  population?: ExperimentResults['analysis']['population'];
};

/**
 * Units per variant against the planned sample (units are what is randomised, so they are what
 * the sample counts; executions are secondary), and each variant's share of units against its weight.
 */
export function SampleProgress({ variants, population = 'units' }: Props) {
  const noun = population === 'requests' ? 'requests' : 'units';
  const total = variants.reduce((a, v) => a + v.units, 0);
  const weights = variants.reduce((a, v) => a + v.weight, 0);
  return (
    <ul className="grid gap-3">
      {variants.map((v, i) => {
        const done = v.target > 0 ? Math.min(1, v.units / v.target) : 1;
        return (
          <li key={v.key} className="grid gap-1" data-testid={`variant-progress-${v.key}`}>
            <div className="flex flex-wrap items-center gap-1.5 text-sm">
              <span className="inline-block size-2.5 rounded-full" style={{ backgroundColor: variantColor(i) }} aria-hidden />
              <span className="font-mono font-medium">{v.key}</span>
              <span className="text-xs text-muted-foreground">v{v.version}</span>
              {v.control && <Badge variant="secondary">control</Badge>}
              {v.reached && <Badge variant="success">target reached</Badge>}
            </div>
            <div
              className="h-2.5 w-full overflow-hidden rounded-full bg-muted"
              role="progressbar"
              aria-label={`${v.key}: ${v.units} of ${v.target} ${noun}`}
              aria-valuemin={0}
              aria-valuemax={v.target}
              aria-valuenow={Math.min(v.units, v.target)}
            >
              <div className="h-full rounded-full transition-[width]" style={{ width: `${done * 100}%`, backgroundColor: variantColor(i) }} />
            </div>
            <p className="text-xs text-muted-foreground tabular-nums">
              <span className="font-medium text-foreground" data-testid={`variant-units-${v.key}`}>
                {count(v.units)} / {count(v.target)} {noun}
              </span>{' '}
              · {count(v.executions)} executions · {total > 0 ? percent(v.units / total) : '—'} of {noun} (expected {percent(v.weight / weights)})
            </p>
          </li>
        );
      })}
    </ul>
  );
}
