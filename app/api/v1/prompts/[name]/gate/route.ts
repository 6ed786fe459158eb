import { VersoError } from '@/lib/api/errors';
import { joinedParam, route } from '@/lib/api/route';
import { getGate, setGate } from '@/lib/evals/gates';
import { gateInput } from '@/lib/evals/schemas';
import { otherMethods } from '@/lib/api/methods';

export const GET = route({ role: 'viewer' }, async ({ params }) => {
  const name = joinedParam(params.name);
  const gate = await getGate(name);
  if (!gate) throw new VersoError('not_found', `Prompt "${name}" has no eval gate.`);
  return gate;
});

export const PUT = route({ role: 'admin', body: gateInput }, ({ actor, params, body }) => setGate(actor, joinedParam(params.name), body));

export const { POST, PATCH, DELETE, OPTIONS } = otherMethods({ GET, PUT });
