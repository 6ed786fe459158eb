import { joinedParam, route } from '@/lib/api/route';
import { resolvePrompt } from '@/lib/executions/resolve';
import { resolveInput } from '@/lib/executions/schemas';

export const POST = route({ role: 'viewer', body: resolveInput }, ({ params, body }) => resolvePrompt(joinedParam(params.name), body));
