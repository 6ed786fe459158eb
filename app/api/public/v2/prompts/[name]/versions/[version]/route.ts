import { joinedParam } from '@/lib/api/route';
import { labelLangfuseVersion } from '@/lib/langfuse/prompts';
import { langfuseRoute } from '@/lib/langfuse/route';
import { langfuseVersionParam, updateLangfuseLabelsInput } from '@/lib/langfuse/schemas';
import { otherMethods } from '@/lib/api/methods';

// Langfuse's updatePrompt: move labels onto a version.
export const PATCH = langfuseRoute({ role: 'editor', body: updateLangfuseLabelsInput }, ({ actor, params, body }) =>
  labelLangfuseVersion(actor, joinedParam(params.name), langfuseVersionParam.parse(joinedParam(params.version)), body),
);

export const { GET, HEAD, POST, PUT, DELETE, OPTIONS } = otherMethods({ PATCH });
