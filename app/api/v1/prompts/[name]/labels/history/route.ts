import { joinedParam, route } from '@/lib/api/route';
import { labelHistory } from '@/lib/prompts/labels';

export const GET = route({ role: 'viewer' }, async ({ params }) => ({ data: await labelHistory(joinedParam(params.name)) }));
