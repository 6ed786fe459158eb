import { eventStream } from '@/lib/api/event-stream';
import { toErrorBody } from '@/lib/api/errors';
import { summaryOf, type PreparedRun } from './run';

/**
 * `run` with `stream: true`: a `start` event (execution id, version, variant, trace id), a
 * `delta` event per piece of text, and a `summary` event equal to the JSON answer; a provider
 * failure after the start is an `error` event with the usual envelope.
 */
export function runEventStream(prepared: PreparedRun): Response {
  return eventStream(async (send) => {
    send(prepared.head, 'start');
    try {
      const outcome = await prepared.started.finish((text) => send({ text }, 'delta'));
      send(summaryOf(prepared, outcome), 'summary');
    } catch (error) {
      send(toErrorBody(error).body, 'error');
    }
  });
}
