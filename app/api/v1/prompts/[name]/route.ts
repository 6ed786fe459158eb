import { joinedParam, route } from '@/lib/api/route';
import { versionSelectorQuery } from '@/lib/prompts/schemas';
import { servedVersion } from '@/lib/prompts/rendering';
import { otherMethods } from '@/lib/api/methods';

export const GET = route({ role: 'viewer', query: versionSelectorQuery }, async ({ params, query }) => {
  const { view } = await servedVersion(joinedParam(params.name), query);
  return view;
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
