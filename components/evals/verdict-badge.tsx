import { Badge } from '@/components/ui/badge';
import type { ComparisonView } from '@/lib/evals/schemas';
import { verdictBadge } from './eval-figures';

type Verdict = ComparisonView['comparisons'][number]['evaluators'][number]['verdict'];

export function VerdictBadge({ verdict, evaluator }: { verdict: Verdict; evaluator: string }) {
  return (
    <Badge variant={verdictBadge[verdict]} data-testid="eval-verdict" data-evaluator={evaluator} data-verdict={verdict}>
      {verdict}
    </Badge>
  );
}
