import { joinedParam } from '@/lib/api/route';
import { getLangfusePrompt } from '@/lib/langfuse/prompts';
import { langfuseRoute } from '@/lib/langfuse/route';
import { versionSelectorQuery } from '@/lib/prompts/schemas';
import { otherMethods } from '@/lib/api/methods';

// A folder slash in the name arrives as %2F, as Langfuse's clients send it.
export const GET = langfuseRoute({ role: 'viewer', query: versionSelectorQuery }, ({ params, query }) =>
  getLangfusePrompt(joinedParam(params.name), query),
);

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
