import { route } from '@/lib/api/route';
import { completeExecution } from '@/lib/executions/outcomes';
import { completeExecutionInput, executionId } from '@/lib/executions/schemas';
import { otherMethods } from '@/lib/api/methods';

export const PATCH = route({ role: 'service', body: completeExecutionInput }, ({ actor, params, body }) =>
  completeExecution(actor, executionId.parse(params.id), body),
);

export const { GET, HEAD, POST, PUT, DELETE, OPTIONS } = otherMethods({ PATCH });
