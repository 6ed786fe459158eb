import { joinedParam, route } from '@/lib/api/route';
import { createVersion, listVersions } from '@/lib/prompts/registry';
import { newVersionInput } from '@/lib/prompts/schemas';
import { otherMethods } from '@/lib/api/methods';

export const GET = route({ role: 'viewer' }, async ({ params }) => ({ data: await listVersions(joinedParam(params.name)) }));

export const POST = route({ role: 'editor', body: newVersionInput, status: 201 }, ({ actor, params, body }) =>
  createVersion(actor, joinedParam(params.name), body),
);

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
