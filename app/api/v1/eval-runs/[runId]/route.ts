import { route } from '@/lib/api/route';
import { getEvalRun } from '@/lib/evals/runs';
import { evalRunId } from '@/lib/evals/schemas';
import { otherMethods } from '@/lib/api/methods';

export const GET = route({ role: 'viewer' }, ({ params }) => getEvalRun(evalRunId.parse(params.runId)));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
