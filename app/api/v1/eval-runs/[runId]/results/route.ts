import { route } from '@/lib/api/route';
import { listEvalResults } from '@/lib/evals/runs';
import { evalRunId } from '@/lib/evals/schemas';
import { otherMethods } from '@/lib/api/methods';

export const GET = route({ role: 'viewer' }, async ({ params }) => ({ data: await listEvalResults(evalRunId.parse(params.runId)) }));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
