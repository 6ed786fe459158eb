import { joinedParam, route } from '@/lib/api/route';
import { resolvePrompt } from '@/lib/executions/resolve';
import { resolveInput } from '@/lib/executions/schemas';
import { otherMethods } from '@/lib/api/methods';

export const POST = route({ role: 'service', body: resolveInput }, ({ actor, params, body }) =>
  resolvePrompt(joinedParam(params.name), body, { actor }),
);

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
