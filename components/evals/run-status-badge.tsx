import { Badge } from '@/components/ui/badge';
import type { EvalRunView } from '@/lib/evals/schemas';

const variants = { queued: 'outline', running: 'warning', completed: 'success', cancelled: 'secondary', failed: 'destructive' } as const;

export function RunStatusBadge({ status, testId = 'eval-run-status' }: { status: EvalRunView['status']; testId?: string }) {
  return (
    <Badge variant={variants[status]} data-testid={testId} data-status={status}>
      {status}
    </Badge>
  );
}
