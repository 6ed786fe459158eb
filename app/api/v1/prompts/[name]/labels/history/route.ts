import { joinedParam, route } from '@/lib/api/route';
import { labelHistory } from '@/lib/prompts/labels';
import { otherMethods } from '@/lib/api/methods';

export const GET = route({ role: 'viewer' }, async ({ params }) => ({ data: await labelHistory(joinedParam(params.name)) }));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
