import { route } from '@/lib/api/route';
import { createDataset, listDatasets } from '@/lib/datasets/datasets';
import { newDatasetInput } from '@/lib/datasets/schemas';
import { otherMethods } from '@/lib/api/methods';

export const GET = route({ role: 'viewer' }, async () => ({ data: await listDatasets() }));

export const POST = route({ role: 'editor', body: newDatasetInput, status: 201 }, ({ actor, body }) => createDataset(actor, body));

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
