import { route } from '@/lib/api/route';
import { declareWinner } from '@/lib/experiments/experiments';
import { experimentKey, winnerInput } from '@/lib/experiments/schemas';

export const POST = route({ role: 'admin', body: winnerInput }, ({ actor, params, body }) =>
  declareWinner(actor, experimentKey.parse(params.key), body.variant),
);
