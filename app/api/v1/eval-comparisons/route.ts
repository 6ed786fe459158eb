import { route } from '@/lib/api/route';
import { compareRuns } from '@/lib/evals/comparison';
import { comparisonQuery } from '@/lib/evals/schemas';
import { otherMethods } from '@/lib/api/methods';

export const GET = route({ role: 'viewer', query: comparisonQuery }, ({ query }) => compareRuns(query.runs, { alpha: query.alpha }));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
