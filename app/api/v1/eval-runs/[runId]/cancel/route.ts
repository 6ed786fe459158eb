import { route } from '@/lib/api/route';
import { cancelEvalRun } from '@/lib/evals/runs';
import { evalRunId } from '@/lib/evals/schemas';
import { otherMethods } from '@/lib/api/methods';

export const POST = route({ role: 'editor' }, ({ actor, params }) => cancelEvalRun(actor, evalRunId.parse(params.runId)));

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
