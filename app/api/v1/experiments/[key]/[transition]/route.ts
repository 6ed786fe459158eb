import { VersoError } from '@/lib/api/errors';
import { route } from '@/lib/api/route';
import { transitionExperiment } from '@/lib/experiments/experiments';
import { experimentKey, experimentTransition } from '@/lib/experiments/schemas';
import { otherMethods } from '@/lib/api/methods';

// POST /experiments/{key}/start | pause | complete
export const POST = route({ role: 'admin' }, ({ actor, params }) => {
  const parsed = experimentTransition.safeParse(params.transition);
  if (!parsed.success) throw new VersoError('not_found', `No such experiment action "${String(params.transition)}"; use start, pause or complete.`);
  return transitionExperiment(actor, experimentKey.parse(params.key), parsed.data);
});

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
