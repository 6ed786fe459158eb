import { route } from '@/lib/api/route';
import { addItemFromExecution } from '@/lib/datasets/datasets';
import { datasetName, itemFromExecutionInput } from '@/lib/datasets/schemas';
import { otherMethods } from '@/lib/api/methods';

export const POST = route({ role: 'editor', body: itemFromExecutionInput, status: 201 }, ({ actor, params, body }) =>
  addItemFromExecution(actor, datasetName.parse(params.dataset), body),
);

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
