import { route } from '@/lib/api/route';
import { experimentResults } from '@/lib/experiments/results';
import { experimentKey } from '@/lib/experiments/schemas';
import { otherMethods } from '@/lib/api/methods';

export const GET = route({ role: 'viewer' }, ({ params }) => experimentResults(experimentKey.parse(params.key)));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
