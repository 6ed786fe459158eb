import { joinedParam, route } from '@/lib/api/route';
import { prepareRun, summaryOf } from '@/lib/executions/run';
import { runEventStream } from '@/lib/executions/run-stream';
import { runInput } from '@/lib/executions/schemas';

export const POST = route({ role: 'viewer', body: runInput }, async ({ params, body: { stream, ...input } }) => {
  const prepared = await prepareRun(joinedParam(params.name), input, { streaming: stream });
  if (stream) return runEventStream(prepared);
  return summaryOf(prepared, await prepared.started.finish());
});
