import { route } from '@/lib/api/route';
import { addDatasetVersion } from '@/lib/datasets/datasets';
import { parseDatasetItems } from '@/lib/datasets/formats';
import { datasetName, datasetVersionBody } from '@/lib/datasets/schemas';
import { otherMethods } from '@/lib/api/methods';

export const POST = route({ role: 'editor', body: datasetVersionBody, status: 201 }, ({ actor, params, body }) => {
  const items = 'content' in body ? parseDatasetItems(body.content, body.format) : body.items;
  return addDatasetVersion(actor, datasetName.parse(params.dataset), { items, mode: body.mode, message: body.message });
});

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
