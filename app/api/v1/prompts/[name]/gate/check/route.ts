import { joinedParam, route } from '@/lib/api/route';
import { checkGate } from '@/lib/evals/gates';
import { gateCheckQuery } from '@/lib/evals/schemas';
import { otherMethods } from '@/lib/api/methods';

export const GET = route({ role: 'viewer', query: gateCheckQuery }, ({ params, query }) => checkGate(joinedParam(params.name), query.version));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
