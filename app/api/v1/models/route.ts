import { route } from '@/lib/api/route';
import { createModel, listModels } from '@/lib/models/catalog';
import { providerStatuses } from '@/lib/models/providers';
import { newModelInput } from '@/lib/models/schemas';
import { otherMethods } from '@/lib/api/methods';

export const GET = route({ role: 'viewer' }, async () => ({ providers: providerStatuses(), models: await listModels() }));

export const POST = route({ role: 'admin', body: newModelInput, status: 201 }, ({ actor, body }) => createModel(actor, body));

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
