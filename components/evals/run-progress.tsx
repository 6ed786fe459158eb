import { count } from '@/components/experiments/figures';
import type { EvalRunView } from '@/lib/evals/schemas';
import { progressShare } from './eval-figures';

/** Items done out of the dataset version's items, with the failed ones named. */
export function RunProgress({ progress, compact = false }: { progress: EvalRunView['progress']; compact?: boolean }) {
  const share = progressShare(progress);
  return (
    <div className={compact ? 'grid min-w-28 gap-1' : 'grid gap-1.5'} data-testid="eval-run-progress" data-done={progress.done} data-total={progress.total}>
      <div
        className={`${compact ? 'h-1.5' : 'h-2.5'} w-full overflow-hidden rounded-full bg-muted`}
        role="progressbar"
        aria-label={`${progress.done} of ${progress.total} items done`}
        aria-valuemin={0}
        aria-valuemax={progress.total}
        aria-valuenow={progress.done}
      >
        <div className="h-full rounded-full bg-primary transition-[width]" style={{ width: `${share * 100}%` }} />
      </div>
      <p className="text-xs text-muted-foreground tabular-nums">
        <span className="font-medium text-foreground">
          {count(progress.done)} / {count(progress.total)}
        </span>
        {compact ? '' : ' items'}
        {progress.failed > 0 && <span className="text-destructive"> · {count(progress.failed)} failed</span>}
      </p>
    </div>
  );
}
