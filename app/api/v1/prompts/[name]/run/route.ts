import { joinedParam, route } from '@/lib/api/route';
import { prepareRun, summaryOf } from '@/lib/executions/run';
import { runEventStream } from '@/lib/executions/run-stream';
import { runInput } from '@/lib/executions/schemas';
import { otherMethods } from '@/lib/api/methods';

export const POST = route({ role: 'service', body: runInput }, async ({ actor, params, body: { stream, ...input } }) => {
  const prepared = await prepareRun(joinedParam(params.name), input, { streaming: stream, actor });
  if (stream) return runEventStream(prepared);
  return summaryOf(prepared, await prepared.started.finish());
});

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
