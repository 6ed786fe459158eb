import * as input from '@/lib/executions/schemas';
import * as views from '@/lib/executions/views';
import type { Operation } from './operation';

export const executionOperations: Operation[] = [
  {
    id: 'resolvePrompt',
    method: 'post',
    path: '/api/v1/prompts/{name}/resolve',
    summary: 'Resolve a prompt for a unit and record the execution',
    description:
      'The serving path. With a running experiment, a unit that its `targeting` condition matches (evaluated over `attributes`, with `id` = `unitId`) and that falls in its coverage is served the variant it is assigned to (always the same one while the weights stay); without `unitId` the variant is drawn at random and the execution is marked unsticky. Any other unit (not targeted, or outside the coverage) is not in the experiment: it gets `label` (default `production`), not the control variant, `experiment` is null and the execution has no experiment or variant. `attributes` are stored with the execution. The execution row is committed before the answer: report outcomes against `executionId`.',
    role: 'service',
    body: input.resolveInput,
    response: { status: 200, schema: views.resolvedView, description: 'The rendered prompt, its version, the experiment variant and the execution id' },
    errors: ['not_found', 'missing_variables', 'render_limit'],
  },
  {
    id: 'runPrompt',
    method: 'post',
    path: '/api/v1/prompts/{name}/run',
    summary: 'Resolve a prompt, call its model, and record the call',
    description:
      "Resolves as `resolve` does (experiment assignment included), then calls the model of the served version (or the variant's override) and records output, tokens, latency, cost from the catalog, status and trace id on the execution. Timeouts, 429 and 5xx are retried with backoff (honouring Retry-After), then answered as 504 or 502; the execution row is kept either way. With `stream: true` the answer is `text/event-stream`: a `start` event (executionId, experiment, name, version, traceId), `delta` events `{ text }`, and a final `summary` event equal to this JSON answer, or an `error` event with the error envelope.",
    role: 'service',
    body: input.runInput,
    response: { status: 200, schema: views.runSummary, description: "The model's answer with usage, latency, cost and trace id" },
    errors: ['not_found', 'missing_variables', 'render_limit', 'provider_not_configured', 'provider_error', 'provider_timeout'],
  },
  {
    id: 'completeExecution',
    method: 'patch',
    path: '/api/v1/executions/{id}',
    summary: 'Complete an execution with its outcome',
    description:
      'Status, latency, tokens, cost (stored as an exact decimal), output or error of the model call the application made. Only the API key that resolved the execution may complete it (any other key gets 403); an admin key may complete any execution, and that change is audited (`execution.completed`, with the fields before and after).',
    role: 'service',
    body: input.completeExecutionInput,
    response: { status: 200, schema: views.executionCompleted, description: 'The execution, completed' },
    errors: ['not_found'],
  },
  {
    id: 'recordExecutionMetric',
    method: 'post',
    path: '/api/v1/executions/{id}/metrics',
    summary: 'Attach a metric to an execution',
    description:
      'Idempotent per (execution, name): writing the same name again keeps the last value, and it counts once in results. `value` must be a finite number. Any service key may report on any execution (outcomes often come from another service than the one that resolved).',
    role: 'service',
    body: input.metricInput,
    response: { status: 200, schema: views.metricsRecorded, description: 'What was written' },
    errors: ['not_found'],
  },
  {
    id: 'recordMetrics',
    method: 'post',
    path: '/api/v1/metrics',
    summary: 'Attach metrics to many executions',
    description:
      'Up to 1,000 items, all or nothing: one unknown execution answers 404 (every unknown id in `details.unknown`) and nothing is written. The same (execution, name) keeps its last value.',
    role: 'service',
    body: input.metricBatchInput,
    response: { status: 200, schema: views.metricsRecorded, description: 'What was written' },
    errors: ['not_found'],
  },
];

export const executionSchemas = {
  ResolveRequest: input.resolveInput,
  RunRequest: input.runInput,
  RunSummary: views.runSummary,
  Resolved: views.resolvedView,
  CompleteExecution: input.completeExecutionInput,
  ExecutionCompleted: views.executionCompleted,
  Metric: input.metricInput,
  MetricBatch: input.metricBatchInput,
  MetricsRecorded: views.metricsRecorded,
};
