import { z } from 'zod';
import { executionId } from '@/lib/executions/schemas';
import { experimentKey, experimentTransition } from '@/lib/experiments/schemas';
import { catalogModelId } from '@/lib/models/schemas';
import { datasetName } from '@/lib/datasets/schemas';
import { evalRunId, gateCheck } from '@/lib/evals/schemas';
import { labelName, promptName } from '@/lib/prompts/schemas';
import { MAX_TEMPLATE_BYTES } from '@/lib/prompts/templates';
import { errorStatus, type ErrorCode } from './errors';
import { datasetOperations, datasetSchemas } from './operations/datasets';
import { evalOperations, evalSchemas } from './operations/evals';
import { executionOperations, executionSchemas } from './operations/executions';
import { experimentOperations, experimentSchemas } from './operations/experiments';
import { modelOperations, modelSchemas } from './operations/models';
import type { Operation } from './operations/operation';
import { promptOperations, promptSchemas } from './operations/prompts';
import { servingOperations, servingSchemas } from './operations/serving';
import { MAX_BODY_BYTES } from './route';

export type { Operation } from './operations/operation';

// The OpenAPI document is generated from the zod schemas the routes parse with and the
// schemas of what they answer, so the document cannot describe an API that does not exist.
// Adding a route means adding one entry to its domain's list in lib/api/operations/.

const templateErrorDetails = z.object({
  line: z.number().int(),
  column: z.number().int(),
  message: z.string(),
  message_index: z.number().int().optional().describe('0-based chat message the error is in'),
});

export const errorBody = z.object({
  error: z.object({
    code: z.enum(Object.keys(errorStatus) as [ErrorCode, ...ErrorCode[]]),
    message: z.string().describe('for a person to read'),
    details: z
      .union([
        z.object({ issues: z.array(z.object({ path: z.string(), message: z.string(), code: z.string() })) }).describe('invalid input'),
        templateErrorDetails.describe('template syntax error'),
        z.object({ missing: z.array(z.string()) }).describe('missing_variables: every missing required variable'),
        z
          .object({
            limit: z.enum(['time', 'bytes', 'memory']),
            timeout_ms: z.number().int().optional(),
            max_bytes: z.number().int().optional(),
          })
          .describe('render_limit: the budget the render ran past, and its size'),
        z.object({ wrong: z.array(z.object({ name: z.string(), expected: z.string() })) }).describe('variables of the wrong type'),
        z.object({ unknown: z.array(z.string()) }).describe('not_found on metrics: every unknown execution id'),
        z.object({ provider: z.string(), variable: z.string() }).describe('provider_not_configured: the environment variable to set'),
        z
          .object({ provider: z.string(), model: z.string(), status: z.number().int().nullable().optional(), executionId: z.uuid() })
          .describe("provider_error and provider_timeout: the model called, the provider's HTTP status, and the execution recorded as error or timeout"),
        z.object({ gate: gateCheck.omit({ comparison: true }) }).describe('conflict from an eval gate: the check that refused the version (runs, evaluators worse, reason)'),
      ])
      .optional(),
  }),
});

const openApiDocument = z.looseObject({ openapi: z.string(), info: z.looseObject({}), paths: z.looseObject({}) });

export const operations: Operation[] = [
  ...promptOperations,
  ...executionOperations,
  ...experimentOperations,
  ...modelOperations,
  ...datasetOperations,
  ...evalOperations,
  ...servingOperations,
  {
    id: 'getOpenApi',
    method: 'get',
    path: '/api/v1/openapi.json',
    summary: 'This document',
    role: null,
    response: { status: 200, schema: openApiDocument, description: 'OpenAPI 3.1' },
  },
];

// Names for the schemas in components/schemas; a schema not named here gets one from its operation.
const named: Record<string, z.ZodType> = {
  Error: errorBody,
  TemplateErrorDetails: templateErrorDetails,
  ...promptSchemas,
  ...executionSchemas,
  ...experimentSchemas,
  ...modelSchemas,
  ...datasetSchemas,
  ...evalSchemas,
  ...servingSchemas,
};

// `checked`: the route parses the parameter, so a malformed one answers 400 (an unknown one 404).
const pathParams: Record<string, { schema: z.ZodType; description: string; checked: boolean }> = {
  name: { schema: promptName, description: 'Prompt name; a folder slash is sent as %2F (`support%2Freply`).', checked: false },
  label: { schema: labelName, description: 'Label name, e.g. `production` or `staging`.', checked: true },
  key: { schema: experimentKey, description: 'Experiment key, e.g. `checkout-copy`.', checked: true },
  id: { schema: executionId, description: 'Execution id, as `resolve` answered it.', checked: true },
  modelId: { schema: catalogModelId, description: "Model id, from the catalog's listing.", checked: true },
  dataset: { schema: datasetName, description: 'Dataset name, e.g. `support-cases`.', checked: true },
  runId: { schema: evalRunId, description: 'Eval run id, as creating the run answered it.', checked: true },
  transition: { schema: experimentTransition, description: 'What to do; any other value answers 404.', checked: false },
};

const errorDescriptions: Record<ErrorCode, string> = {
  invalid: 'Invalid input: zod issues in `details.issues`, or a template syntax error with `details.line` and `details.column`',
  unauthorized: 'No API key, or an unknown or revoked one',
  forbidden: "The key's role may not do this",
  not_found: 'Unknown prompt, version, label, experiment, variant, execution, dataset, eval run or gate: the message says which',
  method_not_allowed: 'The path exists but does not take this HTTP method: `Allow` lists the ones it takes',
  conflict: 'Conflicts with the current state (the name or key is taken, `latest` cannot be moved by hand, the experiment is not in a state that allows this, another experiment is running on the prompt, the eval gate keeps the version out of production: `details.gate`)',
  too_large: `A template over ${MAX_TEMPLATE_BYTES / 1024} KB, or a body over ${MAX_BODY_BYTES / 1024 / 1024} MB`,
  missing_variables: 'Required variables are missing: `details.missing` names every one',
  render_limit: 'The template ran past its render budget (time or output size); nothing was recorded',
  rate_limited: 'Too many requests',
  headers_too_large: 'The request headers are larger than the server accepts',
  provider_not_configured: "The model's provider has no key: the message names the environment variable to set",
  internal: 'Something went wrong on our side',
  provider_error: "The provider failed (after retries for 429 and 5xx): its message is passed on, and the execution is recorded as `error`",
  unavailable: 'The database cannot be reached for now (a restart or failover): retry after `Retry-After` seconds',
  provider_timeout: 'The provider did not answer in time (after retries): the execution is recorded as `timeout`',
};

const pascal = (s: string) => s[0]!.toUpperCase() + s.slice(1);
const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });

function errorsOf(op: Operation): ErrorCode[] {
  const codes = new Set<ErrorCode>(op.errors);
  const checkedParam = [...op.path.matchAll(/\{(\w+)\}/g)].some(([, name]) => pathParams[name!]!.checked);
  if (op.query || op.body || checkedParam) codes.add('invalid');
  if (op.body) codes.add('too_large');
  if (op.role) codes.add('unauthorized');
  if (op.role && op.role !== 'viewer') codes.add('forbidden');
  return [...codes].sort((a, b) => errorStatus[a] - errorStatus[b]);
}

function buildDocument() {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(named)) registry.add(schema, { id });
  const idOf = (schema: z.ZodType, fallback: string) => {
    if (!registry.has(schema)) registry.add(schema, { id: fallback });
    return registry.get(schema)!.id;
  };
  const convert = { io: 'input', unrepresentable: 'any', override: typeMayBeInferred } as const;

  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const parameters: unknown[] = [];
    for (const [, name] of op.path.matchAll(/\{(\w+)\}/g)) {
      const param = pathParams[name!]!;
      parameters.push({ name, in: 'path', required: true, description: param.description, schema: bare(z.toJSONSchema(param.schema, convert)) });
    }
    if (op.query) {
      const json = z.toJSONSchema(op.query, convert) as { properties?: Record<string, { description?: string }>; required?: string[] };
      for (const [name, schema] of Object.entries(json.properties ?? {})) {
        parameters.push({ name, in: 'query', required: json.required?.includes(name) ?? false, description: schema.description, schema });
      }
    }
    const responses: Record<string, unknown> = {
      [op.response.status]: {
        description: op.response.description,
        content: { 'application/json': { schema: ref(idOf(op.response.schema, `${pascal(op.id)}Response`)) } },
      },
    };
    for (const answer of op.bodiless ?? []) responses[answer.status] = { description: answer.description };
    for (const code of errorsOf(op)) {
      responses[errorStatus[code]] = { description: errorDescriptions[code], content: { 'application/json': { schema: ref('Error') } } };
    }
    (paths[op.path] ??= {})[op.method] = {
      operationId: op.id,
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      ...(op.role ? { 'x-verso-role': op.role } : { security: [] }),
      ...(parameters.length ? { parameters } : {}),
      ...(op.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: ref(idOf(op.body, `${pascal(op.id)}Request`)) } } } }
        : {}),
      responses,
    };
  }

  const { schemas } = z.toJSONSchema(registry, { ...convert, uri: (id) => `#/components/schemas/${id}` });
  return {
    openapi: '3.1.0',
    info: {
      title: 'Verso API',
      version: '1',
      description:
        'Prompt registry (prompts, immutable versions, movable labels, rendering), experiments (resolve with sticky assignment, outcomes, results), model calls (run, the OpenAI-compatible gateway) and the model catalog. Errors are `{ error: { code, message, details? } }`.',
    },
    security: [{ apiKey: [] }],
    paths,
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'An API key from Settings → API keys: `Authorization: Bearer vrs_…`' },
      },
      schemas: Object.fromEntries(Object.entries(schemas).map(([id, schema]) => [id, bare(schema)])),
    },
  };
}

type JsonObject = { properties?: Record<string, { const?: unknown }>; required?: string[] };

// A version body's `type` is filled in from `template` or `messages` before it is parsed
// (schemas.ts, withInferredType), so a client may leave it out.
function typeMayBeInferred({ jsonSchema }: { jsonSchema: unknown }) {
  const json = jsonSchema as JsonObject;
  const kind = json.properties?.type?.const;
  if ((kind === 'text' || kind === 'chat') && json.required) json.required = json.required.filter((r) => r !== 'type');
}

/** Component schemas live inside the document: no dialect or id of their own. */
function bare<T extends object>(schema: T): Omit<T, '$schema' | '$id'> {
  const { $schema: _schema, $id: _id, ...rest } = schema as T & { $schema?: string; $id?: string };
  return rest;
}

export type OpenApiDocument = ReturnType<typeof buildDocument>;

let built: OpenApiDocument | undefined;

export function openApi(): OpenApiDocument {
  built ??= buildDocument();
  return built;
}
