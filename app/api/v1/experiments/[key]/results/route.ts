import { route } from '@/lib/api/route';
import { experimentResults } from '@/lib/experiments/results';
import { experimentKey } from '@/lib/experiments/schemas';

export const GET = route({ role: 'viewer' }, ({ params }) => experimentResults(experimentKey.parse(params.key)));
