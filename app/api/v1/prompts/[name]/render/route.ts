import { joinedParam, route } from '@/lib/api/route';
import { renderPrompt } from '@/lib/prompts/rendering';
import { renderInput } from '@/lib/prompts/schemas';

export const POST = route({ role: 'viewer', body: renderInput }, ({ params, body }) =>
  renderPrompt(joinedParam(params.name), { label: body.label, version: body.version }, body.variables),
);
