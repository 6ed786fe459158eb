import { route } from '@/lib/api/route';
import { recordMetrics } from '@/lib/executions/outcomes';
import { metricBatchInput } from '@/lib/executions/schemas';

export const POST = route({ role: 'viewer', body: metricBatchInput }, ({ body }) => recordMetrics(body.items));
