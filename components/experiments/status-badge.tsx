import { Badge } from '@/components/ui/badge';
import type { ExperimentView } from '@/lib/experiments/views';

const variants = { draft: 'outline', running: 'success', paused: 'warning', completed: 'secondary' } as const;

export function StatusBadge({ status, testId }: { status: ExperimentView['status']; testId?: string }) {
  return (
    <Badge variant={variants[status]} data-testid={testId} data-status={status}>
      {status}
    </Badge>
  );
}
