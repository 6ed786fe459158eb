import { route } from '@/lib/api/route';
import { completeExecution } from '@/lib/executions/outcomes';
import { completeExecutionInput, executionId } from '@/lib/executions/schemas';

export const PATCH = route({ role: 'viewer', body: completeExecutionInput }, ({ params, body }) =>
  completeExecution(executionId.parse(params.id), body),
);
