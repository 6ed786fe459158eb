import { route } from '@/lib/api/route';
import { createEvalRun, listEvalRuns } from '@/lib/evals/runs';
import { evalRunListQuery, newEvalRunInput } from '@/lib/evals/schemas';
import { otherMethods } from '@/lib/api/methods';

export const GET = route({ role: 'viewer', query: evalRunListQuery }, async ({ query }) => ({ data: await listEvalRuns(query) }));

export const POST = route({ role: 'editor', body: newEvalRunInput, status: 201 }, ({ actor, body }) => createEvalRun(actor, body));

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
