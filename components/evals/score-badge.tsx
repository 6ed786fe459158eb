import { Badge } from '@/components/ui/badge';
import type { EvalScoreView } from '@/lib/evals/schemas';
import { scoreCell } from './eval-figures';

const variants = { pass: 'success', fail: 'destructive', error: 'warning', score: 'outline', none: 'outline' } as const;

/** One evaluator's score of one item; the reason (or the error) is its tooltip. */
export function ScoreBadge({ score, evaluator }: { score: EvalScoreView | undefined; evaluator: string }) {
  const cell = scoreCell(score);
  if (cell.tone === 'none') return <span className="text-muted-foreground">—</span>;
  return (
    <Badge variant={variants[cell.tone]} title={score?.error ?? score?.reason} data-testid="eval-score" data-evaluator={evaluator} data-tone={cell.tone}>
      {cell.text}
    </Badge>
  );
}
