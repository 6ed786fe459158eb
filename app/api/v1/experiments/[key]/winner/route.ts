import { route } from '@/lib/api/route';
import { declareWinner } from '@/lib/experiments/experiments';
import { experimentKey, winnerInput } from '@/lib/experiments/schemas';
import { otherMethods } from '@/lib/api/methods';

export const POST = route({ role: 'admin', body: winnerInput }, ({ actor, params, body }) =>
  declareWinner(actor, experimentKey.parse(params.key), body.variant),
);

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
