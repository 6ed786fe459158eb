import { route } from '@/lib/api/route';
import { editExperiment, getExperiment } from '@/lib/experiments/experiments';
import { editExperimentInput, experimentKey } from '@/lib/experiments/schemas';
import { otherMethods } from '@/lib/api/methods';

export const GET = route({ role: 'viewer' }, ({ params }) => getExperiment(experimentKey.parse(params.key)));

export const PATCH = route({ role: 'editor', body: editExperimentInput }, ({ actor, params, body }) =>
  editExperiment(actor, experimentKey.parse(params.key), body),
);

export const { POST, PUT, DELETE, OPTIONS } = otherMethods({ GET, PATCH });
