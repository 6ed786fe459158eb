import { route } from '@/lib/api/route';
import { getDataset } from '@/lib/datasets/datasets';
import { datasetName } from '@/lib/datasets/schemas';
import { otherMethods } from '@/lib/api/methods';

export const GET = route({ role: 'viewer' }, ({ params }) => getDataset(datasetName.parse(params.dataset)));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
