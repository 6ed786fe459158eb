import { joinedParam, route } from '@/lib/api/route';
import { renderPrompt } from '@/lib/prompts/rendering';
import { renderInput } from '@/lib/prompts/schemas';
import { otherMethods } from '@/lib/api/methods';

export const POST = route({ role: 'viewer', body: renderInput }, ({ params, body }) =>
  renderPrompt(joinedParam(params.name), { label: body.label, version: body.version }, body.variables),
);

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
