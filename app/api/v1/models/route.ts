import { route } from '@/lib/api/route';
import { createModel, listModels } from '@/lib/models/catalog';
import { providerStatuses } from '@/lib/models/providers';
import { newModelInput } from '@/lib/models/schemas';

export const GET = route({ role: 'viewer' }, async () => ({ providers: providerStatuses(), models: await listModels() }));

export const POST = route({ role: 'admin', body: newModelInput, status: 201 }, ({ actor, body }) => createModel(actor, body));
