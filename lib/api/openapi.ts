import { z } from 'zod';
import type { Role } from '@/lib/auth/roles';
import * as input from '@/lib/prompts/schemas';
import * as views from '@/lib/prompts/views';
import { errorStatus, type ErrorCode } from './errors';
import { MAX_BODY_BYTES } from './route';

// The OpenAPI document is generated from the zod schemas the routes parse with and the
// schemas of what they answer, so the document cannot describe an API that does not exist.
// Adding a route means adding one entry to `operations`.

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
        z.object({ wrong: z.array(z.object({ name: z.string(), expected: z.string() })) }).describe('variables of the wrong type'),
      ])
      .optional(),
  }),
});

export type Operation = {
  id: string;
  method: 'get' | 'post' | 'put';
  /** OpenAPI path; `{name}` and `{label}` are path parameters. */
  path: string;
  summary: string;
  description?: string;
  /** The least role whose API key may call it; null for a public route. */
  role: Role | null;
  query?: z.ZodObject;
  body?: z.ZodType;
  response: { status: number; schema: z.ZodType; description: string };
  /** Errors the operation itself can answer; 400/401/403/413 follow from role, query and body. */
  errors?: ErrorCode[];
};

const openApiDocument = z.looseObject({ openapi: z.string(), info: z.looseObject({}), paths: z.looseObject({}) });

export const operations: Operation[] = [
  {
    id: 'listPrompts',
    method: 'get',
    path: '/api/v1/prompts',
    summary: 'List prompts',
    description: 'Sorted by name. `q` searches names and descriptions; filters combine with AND.',
    role: 'viewer',
    query: input.listPromptsQuery,
    response: { status: 200, schema: views.promptPage, description: 'One page of prompts' },
  },
  {
    id: 'createPrompt',
    method: 'post',
    path: '/api/v1/prompts',
    summary: 'Create a prompt with its version 1',
    description: '`type` may be left out: it is inferred from `template` or `messages`.',
    role: 'editor',
    body: input.newPromptInput,
    response: { status: 201, schema: views.versionView, description: 'Version 1 of the new prompt' },
    errors: ['conflict', 'not_found'],
  },
  {
    id: 'getPrompt',
    method: 'get',
    path: '/api/v1/prompts/{name}',
    summary: 'Get a version of a prompt',
    description: 'By `label` (default `production`) or by `version` number.',
    role: 'viewer',
    query: input.versionSelectorQuery,
    response: { status: 200, schema: views.versionView, description: 'The version' },
    errors: ['not_found'],
  },
  {
    id: 'listVersions',
    method: 'get',
    path: '/api/v1/prompts/{name}/versions',
    summary: 'List the versions of a prompt',
    role: 'viewer',
    response: { status: 200, schema: views.versionList, description: 'Every version, newest first' },
    errors: ['not_found'],
  },
  {
    id: 'createVersion',
    method: 'post',
    path: '/api/v1/prompts/{name}/versions',
    summary: 'Save a new version',
    description: 'Versions are immutable: this never changes an earlier one. `labels` are moved to the new version (`production` needs admin).',
    role: 'editor',
    body: input.newVersionInput,
    response: { status: 201, schema: views.versionView, description: 'The new version' },
    errors: ['not_found', 'conflict'],
  },
  {
    id: 'moveLabel',
    method: 'put',
    path: '/api/v1/prompts/{name}/labels/{label}',
    summary: 'Point a label at a version',
    description: 'Deploys or rolls back. `production` needs the admin role; `latest` moves by itself and answers 409.',
    role: 'editor',
    body: input.moveLabelInput,
    response: { status: 200, schema: views.labelMoved, description: 'Where the label points now' },
    errors: ['not_found', 'conflict'],
  },
  {
    id: 'labelHistory',
    method: 'get',
    path: '/api/v1/prompts/{name}/labels/history',
    summary: 'Label moves of a prompt',
    role: 'viewer',
    response: { status: 200, schema: views.labelHistoryView, description: 'Who moved which label from which version to which, newest first' },
    errors: ['not_found'],
  },
  {
    id: 'renderPrompt',
    method: 'post',
    path: '/api/v1/prompts/{name}/render',
    summary: 'Render a version with variables',
    description: 'By `label` (default `production`) or `version`. Unknown variables are ignored; missing required ones answer 422 naming each.',
    role: 'viewer',
    body: input.renderInput,
    response: { status: 200, schema: views.renderResult, description: 'The rendered text or chat messages' },
    errors: ['not_found', 'missing_variables'],
  },
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
  NewPrompt: input.newPromptInput,
  NewVersion: input.newVersionInput,
  MoveLabel: input.moveLabelInput,
  RenderRequest: input.renderInput,
  ChatMessage: input.chatMessage,
  ModelConfig: input.modelConfig,
  VariableSpec: input.variableSpec,
  Variable: views.variableView,
  Version: views.versionView,
  VersionList: views.versionList,
  PromptSummary: views.promptSummary,
  PromptPage: views.promptPage,
  LabelMove: views.labelMoveView,
  LabelHistory: views.labelHistoryView,
  LabelMoved: views.labelMoved,
  Rendered: views.renderResult,
};

const pathParams: Record<string, { schema: z.ZodType; description: string }> = {
  name: { schema: input.promptName, description: 'Prompt name; a folder slash is sent as %2F (`support%2Freply`).' },
  label: { schema: input.labelName, description: 'Label name, e.g. `production` or `staging`.' },
};

const errorDescriptions: Record<ErrorCode, string> = {
  invalid: 'Invalid input: zod issues in `details.issues`, or a template syntax error with `details.line` and `details.column`',
  unauthorized: 'No API key, or an unknown or revoked one',
  forbidden: "The key's role may not do this",
  not_found: 'Unknown prompt, version or label: the message says which',
  conflict: 'Conflicts with the current state (the name is taken, `latest` cannot be moved by hand)',
  too_large: `A template over 100 KB, or a body over ${MAX_BODY_BYTES / 1024 / 1024} MB`,
  missing_variables: 'Required variables are missing: `details.missing` names every one',
  rate_limited: 'Too many requests',
  internal: 'Something went wrong on our side',
};

const pascal = (s: string) => s[0]!.toUpperCase() + s.slice(1);
const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });

function errorsOf(op: Operation): ErrorCode[] {
  const codes = new Set<ErrorCode>(op.errors);
  if (op.query || op.body || op.path.includes('{label}')) codes.add('invalid');
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
      description: 'Prompt registry: prompts, immutable versions, movable labels, rendering. Errors are `{ error: { code, message, details? } }`.',
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
