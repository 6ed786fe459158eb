import { Badge } from '@/components/ui/badge';
import type { ExperimentResults } from '@/lib/experiments/results';
import { count, percent } from './figures';
import { variantColor } from './palette';

/** Executions per variant against the minimum sample size, and each variant's share of traffic against its weight. */
export function SampleProgress({ variants }: { variants: ExperimentResults['variants'] }) {
  const total = variants.reduce((a, v) => a + v.executions, 0);
  const weights = variants.reduce((a, v) => a + v.weight, 0);
  return (
    <ul className="grid gap-3">
      {variants.map((v, i) => {
        const done = v.target > 0 ? Math.min(1, v.executions / v.target) : 1;
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
              aria-label={`${v.key}: ${v.executions} of ${v.target} executions`}
              aria-valuemin={0}
              aria-valuemax={v.target}
              aria-valuenow={Math.min(v.executions, v.target)}
            >
              <div className="h-full rounded-full transition-[width]" style={{ width: `${done * 100}%`, backgroundColor: variantColor(i) }} />
            </div>
            <p className="text-xs text-muted-foreground tabular-nums">
              {count(v.executions)} / {count(v.target)} executions · {total > 0 ? percent(v.executions / total) : '—'} of traffic (expected{' '}
              {percent(v.weight / weights)})
            </p>
          </li>
        );
      })}
    </ul>
  );
}
