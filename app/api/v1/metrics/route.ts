import { route } from '@/lib/api/route';
import { recordMetrics } from '@/lib/executions/outcomes';
import { metricBatchInput } from '@/lib/executions/schemas';
import { otherMethods } from '@/lib/api/methods';

export const POST = route({ role: 'service', body: metricBatchInput }, ({ body }) => recordMetrics(body.items));

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
