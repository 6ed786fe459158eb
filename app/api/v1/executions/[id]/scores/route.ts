import { route } from '@/lib/api/route';
import { humanScoreInput } from '@/lib/evals/schemas';
import { listHumanScores, scoreExecution } from '@/lib/executions/human-scores';
import { executionId } from '@/lib/executions/schemas';
import { otherMethods } from '@/lib/api/methods';

export const GET = route({ role: 'viewer' }, async ({ params }) => ({ data: await listHumanScores(executionId.parse(params.id)) }));

export const POST = route({ role: 'service', body: humanScoreInput }, ({ actor, params, body }) => scoreExecution(actor, executionId.parse(params.id), body));

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
