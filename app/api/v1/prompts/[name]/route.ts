import { joinedParam, route } from '@/lib/api/route';
import { versionSelectorQuery } from '@/lib/prompts/schemas';
import { servedVersion } from '@/lib/prompts/rendering';

export const GET = route({ role: 'viewer', query: versionSelectorQuery }, async ({ params, query }) => {
  const { view } = await servedVersion(joinedParam(params.name), query);
  return view;
});
