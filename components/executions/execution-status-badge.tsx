import { Badge } from '@/components/ui/badge';
import type { ExecutionStatus } from '@/lib/executions/browse-schemas';

const variants = { resolved: 'outline', success: 'success', error: 'destructive', timeout: 'warning' } as const;

export function ExecutionStatusBadge({ status, testId }: { status: ExecutionStatus; testId?: string }) {
  return (
    <Badge variant={variants[status]} data-testid={testId} data-status={status}>
      {status}
    </Badge>
  );
}
