import { route } from '@/lib/api/route';
import { changeModel } from '@/lib/models/catalog';
import { catalogModelId, modelChangeInput } from '@/lib/models/schemas';
import { otherMethods } from '@/lib/api/methods';

export const PATCH = route({ role: 'admin', body: modelChangeInput }, ({ actor, params, body }) =>
  changeModel(actor, catalogModelId.parse(params.modelId), body),
);

export const { GET, HEAD, POST, PUT, DELETE, OPTIONS } = otherMethods({ PATCH });
