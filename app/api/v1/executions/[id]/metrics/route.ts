import { route } from '@/lib/api/route';
import { recordMetrics } from '@/lib/executions/outcomes';
import { executionId, metricInput } from '@/lib/executions/schemas';
import { otherMethods } from '@/lib/api/methods';

export const POST = route({ role: 'service', body: metricInput }, ({ params, body }) =>
  recordMetrics([{ executionId: executionId.parse(params.id), ...body }]),
);

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
