import { eventBatch, eventBatchResult, executionEvent, MAX_EVENTS_PER_CALL, servingSnapshot } from '@/lib/serving/schemas';
import type { Operation } from './operation';

export const servingOperations: Operation[] = [
  {
    id: 'getServingSnapshot',
    method: 'get',
    path: '/api/v1/serving',
    summary: 'The serving snapshot: what an SDK needs to resolve locally',
    description:
      "Every prompt with its labels (label → version, `latest` included), the versions those labels and running experiments' variants point at (type, template or messages, variables, model config), and each prompt's running experiment as a GrowthBook SDK takes it (`seed`, `hashVersion` 2, `coverage`, normalised `weights`, bucket `ranges`, `targeting`, variants with their versions and model overrides). A version nothing points at is left out. `revision` is a hash of the content and is sent as the `ETag` (with `Cache-Control: no-cache`): send it back as `If-None-Match` and an unchanged snapshot answers `304 Not Modified` with no body. A change in this instance shows at once; other instances see it within 5 s.",
    role: 'service',
    response: { status: 200, schema: servingSnapshot, description: 'The snapshot, with its revision as `ETag`' },
    bodiless: [{ status: 304, description: 'Not Modified: `If-None-Match` names the current revision; no body' }],
  },
  {
    id: 'recordEvents',
    method: 'post',
    path: '/api/v1/events',
    summary: 'Report executions an SDK served itself, and metrics, in one batch',
    description: `Up to ${MAX_EVENTS_PER_CALL.toLocaleString('en')} executions and ${MAX_EVENTS_PER_CALL.toLocaleString('en')} metrics: the executions are written first, then the metrics. Each execution carries an id the client generated: an id already recorded (by this call, an earlier one or one arriving at the same time) is counted in \`duplicates\` and never overwritten, so a batch can be retried safely, even after an answer lost halfway. An execution is refused, with its reason in \`rejected\` (the rest of the batch is recorded), when its prompt or version does not exist, its \`createdAt\` is more than a minute in the future or more than 7 days old, or its experiment is not the prompt's, not running or paused, has no such variant or the variant serves another version; with a \`unitId\` the server recomputes the unit's assignment (targeting over \`attributes\`, coverage, hash) and refuses a variant the unit would not get. Executions are recorded with source \`sdk\`, owned by the calling key. A metric for an unknown execution is refused alone; the same (execution, name) keeps its last value.`,
    role: 'service',
    body: eventBatch,
    response: { status: 200, schema: eventBatchResult, description: 'What was recorded, counted as duplicates, or refused and why' },
  },
];

export const servingSchemas = {
  ServingSnapshot: servingSnapshot,
  ExecutionEvent: executionEvent,
  EventBatch: eventBatch,
  EventBatchResult: eventBatchResult,
};
