import { route } from '@/lib/api/route';
import { recordMetrics } from '@/lib/executions/outcomes';
import { executionId, metricInput } from '@/lib/executions/schemas';

export const POST = route({ role: 'viewer', body: metricInput }, ({ params, body }) =>
  recordMetrics([{ executionId: executionId.parse(params.id), ...body }]),
);
