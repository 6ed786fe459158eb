import { route } from '@/lib/api/route';
import { createExperiment, listExperiments } from '@/lib/experiments/experiments';
import { listExperimentsQuery, newExperimentInput } from '@/lib/experiments/schemas';
import { otherMethods } from '@/lib/api/methods';

export const GET = route({ role: 'viewer', query: listExperimentsQuery }, async ({ query }) => ({ data: await listExperiments(query) }));

export const POST = route({ role: 'editor', body: newExperimentInput, status: 201 }, ({ actor, body }) => createExperiment(actor, body));

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
