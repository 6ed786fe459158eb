import { route } from '@/lib/api/route';
import { experimentResults } from '@/lib/experiments/results';
import { experimentKey, resultsQuery } from '@/lib/experiments/schemas';
import { otherMethods } from '@/lib/api/methods';

export const GET = route({ role: 'viewer', query: resultsQuery }, ({ params, query }) => experimentResults(experimentKey.parse(params.key), query));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
