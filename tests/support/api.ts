import { beforeAll, expect } from 'vitest';
import * as labelHistory from '@/app/api/v1/prompts/[name]/labels/history/route';
import * as label from '@/app/api/v1/prompts/[name]/labels/[label]/route';
import * as render from '@/app/api/v1/prompts/[name]/render/route';
import * as prompt from '@/app/api/v1/prompts/[name]/route';
import * as versions from '@/app/api/v1/prompts/[name]/versions/route';
import * as prompts from '@/app/api/v1/prompts/route';
import * as openapi from '@/app/api/v1/openapi.json/route';
import * as resolve from '@/app/api/v1/prompts/[name]/resolve/route';
import * as execution from '@/app/api/v1/executions/[id]/route';
import * as executionMetrics from '@/app/api/v1/executions/[id]/metrics/route';
import * as metrics from '@/app/api/v1/metrics/route';
import * as experiments from '@/app/api/v1/experiments/route';
import * as experiment from '@/app/api/v1/experiments/[key]/route';
import * as transition from '@/app/api/v1/experiments/[key]/[transition]/route';
import * as winner from '@/app/api/v1/experiments/[key]/winner/route';
import * as results from '@/app/api/v1/experiments/[key]/results/route';
import * as run from '@/app/api/v1/prompts/[name]/run/route';
import * as chatCompletions from '@/app/api/v1/chat/completions/route';
import * as models from '@/app/api/v1/models/route';
import * as model from '@/app/api/v1/models/[modelId]/route';
import * as datasets from '@/app/api/v1/datasets/route';
import * as dataset from '@/app/api/v1/datasets/[dataset]/route';
import * as datasetItems from '@/app/api/v1/datasets/[dataset]/items/route';
import * as datasetVersions from '@/app/api/v1/datasets/[dataset]/versions/route';
import * as datasetFromExecution from '@/app/api/v1/datasets/[dataset]/items/from-execution/route';
import * as evalRuns from '@/app/api/v1/eval-runs/route';
import * as evalRun from '@/app/api/v1/eval-runs/[runId]/route';
import * as evalResults from '@/app/api/v1/eval-runs/[runId]/results/route';
import * as evalCancel from '@/app/api/v1/eval-runs/[runId]/cancel/route';
import * as evalComparisons from '@/app/api/v1/eval-comparisons/route';
import * as gate from '@/app/api/v1/prompts/[name]/gate/route';
import * as gateCheck from '@/app/api/v1/prompts/[name]/gate/check/route';
import * as executionScores from '@/app/api/v1/executions/[id]/scores/route';
import * as serving from '@/app/api/v1/serving/route';
import * as events from '@/app/api/v1/events/route';
import { errorBody, operations } from '@/lib/api/openapi';
import { createApiKey, revokeApiKey } from '@/lib/auth/api-keys';
import { systemActor, type Role } from '@/lib/auth/roles';

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Response | Promise<Response>;

/** Each operation of the OpenAPI document and the route handler that serves it. */
export const handlers: Record<string, Handler> = {
  listPrompts: prompts.GET,
  createPrompt: prompts.POST,
  getPrompt: prompt.GET,
  listVersions: versions.GET,
  createVersion: versions.POST,
  moveLabel: label.PUT,
  labelHistory: labelHistory.GET,
  renderPrompt: render.POST,
  getOpenApi: openapi.GET,
  resolvePrompt: resolve.POST,
  completeExecution: execution.PATCH,
  recordExecutionMetric: executionMetrics.POST,
  recordMetrics: metrics.POST,
  listExperiments: experiments.GET,
  createExperiment: experiments.POST,
  getExperiment: experiment.GET,
  editExperiment: experiment.PATCH,
  transitionExperiment: transition.POST,
  declareWinner: winner.POST,
  experimentResults: results.GET,
  runPrompt: run.POST,
  createChatCompletion: chatCompletions.POST,
  listModels: models.GET,
  createModel: models.POST,
  changeModel: model.PATCH,
  listDatasets: datasets.GET,
  createDataset: datasets.POST,
  getDataset: dataset.GET,
  listDatasetItems: datasetItems.GET,
  createDatasetVersion: datasetVersions.POST,
  addDatasetItemFromExecution: datasetFromExecution.POST,
  createEvalRun: evalRuns.POST,
  listEvalRuns: evalRuns.GET,
  getEvalRun: evalRun.GET,
  listEvalResults: evalResults.GET,
  cancelEvalRun: evalCancel.POST,
  compareEvalRuns: evalComparisons.GET,
  getGate: gate.GET,
  setGate: gate.PUT,
  checkGate: gateCheck.GET,
  scoreExecution: executionScores.POST,
  listExecutionScores: executionScores.GET,
  getServingSnapshot: serving.GET,
  recordEvents: events.POST,
};

export type ApiCall = {
  key?: string;
  params?: Record<string, string>;
  /** Pass the path parameters as given, not percent-encoded (what a client might send). */
  rawParams?: boolean;
  query?: Record<string, string | number>;
  body?: unknown;
  /** Sent as is instead of `body` (invalid JSON, oversized bodies). */
  rawBody?: string;
  /** Sent as a stream without a declared length. */
  stream?: ReadableStream<Uint8Array>;
  headers?: Record<string, string>;
};

export type ApiResponse = { status: number; body: any; headers: Headers };

/**
 * Calls a route handler the way Next.js does: a Request for the operation's path, with the
 * path parameters percent-encoded (a folder slash arrives as %2F).
 */
export async function callApi(operationId: string, call: ApiCall = {}): Promise<ApiResponse> {
  const op = operations.find((o) => o.id === operationId);
  const handler = handlers[operationId];
  if (!op || !handler) throw new Error(`no operation ${operationId}`);
  const encode = call.rawParams ? (v: string) => v : encodeURIComponent;
  const params = Object.fromEntries(Object.entries(call.params ?? {}).map(([k, v]) => [k, encode(v)]));
  const url = new URL(`http://test${op.path.replace(/\{(\w+)\}/g, (_, p: string) => params[p] ?? '')}`);
  for (const [k, v] of Object.entries(call.query ?? {})) url.searchParams.set(k, String(v));
  const headers = new Headers(call.headers);
  if (call.key) headers.set('authorization', `Bearer ${call.key}`);
  const payload = call.rawBody ?? (call.body === undefined ? undefined : JSON.stringify(call.body));
  if (payload !== undefined) headers.set('content-type', 'application/json');
  if (call.stream) headers.set('content-type', 'application/json');
  const body = call.stream ?? payload;
  // duplex: Node's fetch needs it for a streamed request body.
  const request = new Request(url, { method: op.method.toUpperCase(), headers, body, ...(call.stream ? { duplex: 'half' } : {}) } as RequestInit);
  const response = await handler(request, { params: Promise.resolve(params) });
  // An event stream (run or the gateway with stream: true) and a file (a dataset as CSV or JSONL) come back as text.
  const type = response.headers.get('content-type') ?? '';
  const text = /^(text\/event-stream|text\/csv|application\/jsonl)/.test(type);
  // 304 Not Modified (the serving snapshot) has no body.
  const answer = response.status === 304 ? null : text ? await response.text() : await response.json();
  return { status: response.status, body: answer, headers: response.headers };
}

/** Asserts the error envelope, its status and its code; returns the error for further checks. */
export function expectError(response: ApiResponse, status: number, code: string) {
  expect({ status: response.status, code: response.body?.error?.code }).toEqual({ status, code });
  return errorBody.parse(response.body).error;
}

export type Keys = Record<Role, string> & { revoked: string };

/** One API key per role, and a revoked one, made the way an admin makes them. */
export async function createKeys(): Promise<Keys> {
  const make = async (name: string, role: Role) => (await createApiKey(systemActor, { name, role })).key;
  const revoked = await createApiKey(systemActor, { name: 'revoked', role: 'admin' });
  await revokeApiKey(systemActor, revoked.apiKey.id);
  return {
    viewer: await make('viewer', 'viewer'),
    service: await make('service', 'service'),
    editor: await make('editor', 'editor'),
    admin: await make('admin', 'admin'),
    revoked: revoked.key,
  };
}

/** The file's API keys, made before its tests run (after withTestDatabase's database opens). */
export function withApiKeys(): Keys {
  const keys = {} as Keys;
  beforeAll(async () => {
    Object.assign(keys, await createKeys());
  });
  return keys;
}
