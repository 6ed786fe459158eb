import { joinedParam, route } from '@/lib/api/route';
import { moveLabel } from '@/lib/prompts/labels';
import { labelName, moveLabelInput } from '@/lib/prompts/schemas';
import { otherMethods } from '@/lib/api/methods';

export const PUT = route({ role: 'editor', body: moveLabelInput }, ({ actor, params, body }) =>
  moveLabel(actor, joinedParam(params.name), labelName.parse(joinedParam(params.label)), body.version),
);

export const { GET, HEAD, POST, PATCH, DELETE, OPTIONS } = otherMethods({ PUT });
