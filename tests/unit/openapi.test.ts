import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { GET } from '@/app/api/v1/openapi.json/route';
import { openApi, operations } from '@/lib/api/openapi';
import { moveLabelInput, promptName } from '@/lib/prompts/schemas';
import { experimentView } from '@/lib/experiments/views-schema';
import { versionView } from '@/lib/prompts/views';
import { discoverRoutes } from '../support/routes';

type Json = Record<string, any>;
const doc = openApi() as unknown as Json;
const op = (path: string, method: string): Json => doc.paths[path][method];

/** Every `$ref` anywhere in a JSON value. */
function refs(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) refs(v, found);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') found.push(v);
      else refs(v, found);
    }
  }
  return found;
}

describe('the OpenAPI document', () => {
  it('is served publicly at /api/v1/openapi.json as OpenAPI 3.1', async () => {
    const res = await GET();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const served = await res.json();
    expect(served).toMatchObject({ openapi: '3.1.0', info: { title: 'Verso API' } });
    expect(served).toEqual(JSON.parse(JSON.stringify(doc)));
  });

  it('describes every method of every route under app/api/v1, and nothing else', async () => {
    const routes = await discoverRoutes();
    const served = routes.flatMap((r) => r.methods.map((m) => `${m.toLowerCase()} ${r.openApiPath}`)).sort();
    const documented = Object.entries(doc.paths as Json).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m} ${path}`)).sort();
    expect(documented).toEqual(served);
    expect(served).toContain('put /api/v1/prompts/{name}/labels/{label}');
  });

  it('gives every operation a unique id, a summary and a success response', () => {
    const ids = operations.map((o) => o.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const o of operations) {
      const documented = op(o.path, o.method);
      expect(documented.operationId).toBe(o.id);
      expect(documented.summary).toBeTruthy();
      expect(Object.keys(documented.responses)).toContain(String(o.response.status));
    }
  });

  it('resolves every $ref to a component schema', () => {
    const all = refs(doc);
    expect(all.length).toBeGreaterThan(10);
    for (const ref of all) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(doc.components.schemas[ref.split('/').pop()!], ref).toBeDefined();
    }
  });

  it('asks for a Bearer API key everywhere except on the document itself', () => {
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.security).toEqual([{ apiKey: [] }]);
    expect(op('/api/v1/openapi.json', 'get').security).toEqual([]);
    for (const o of operations.filter((o) => o.role)) {
      const documented = op(o.path, o.method);
      expect(documented.security).toBeUndefined();
      expect(documented['x-verso-role']).toBe(o.role);
      expect(documented.responses['401'], o.id).toBeDefined();
    }
  });

  it('generates request bodies from the zod schemas the routes parse with', () => {
    const bare = (schema: z.ZodType) => {
      const { $schema: _, ...rest } = z.toJSONSchema(schema, { io: 'input' }) as Json;
      return rest;
    };
    expect(doc.components.schemas.MoveLabel).toEqual(bare(moveLabelInput));
    expect(op('/api/v1/prompts/{name}/labels/{label}', 'put').requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/MoveLabel',
    });
    const newPrompt = doc.components.schemas.NewPrompt;
    const text = newPrompt.oneOf.find((b: Json) => b.properties.type.const === 'text');
    expect(text.properties.name).toEqual(bare(promptName));
    expect(text.required).toEqual(['name', 'template']);
    expect(op('/api/v1/prompts/{name}/versions', 'post').requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/NewVersion');
  });

  it('documents that `type` may be left out, as the routes accept', () => {
    for (const name of ['NewPrompt', 'NewVersion']) {
      for (const branch of doc.components.schemas[name].oneOf) expect(branch.required, name).not.toContain('type');
    }
  });

  it('documents query parameters with their types and defaults', () => {
    const params = op('/api/v1/prompts', 'get').parameters as Json[];
    expect(params.map((p) => p.name)).toEqual(['q', 'category', 'tag', 'label', 'limit', 'cursor']);
    expect(params.find((p) => p.name === 'limit')).toMatchObject({ in: 'query', required: false, schema: { type: 'integer', default: 50, maximum: 200 } });
    const get = op('/api/v1/prompts/{name}', 'get').parameters as Json[];
    expect(get.map((p) => `${p.in}:${p.name}`)).toEqual(['path:name', 'query:label', 'query:version']);
    expect(get[0]!.description).toMatch(/%2F/);
  });

  it('describes the responses with the schemas the tests parse real answers with', () => {
    const version = doc.components.schemas.Version;
    expect(Object.keys(version.properties)).toEqual(Object.keys(versionView.shape));
    expect(version.required).toEqual(['name', 'version', 'type', 'variables', 'modelConfig', 'labels', 'commitMessage', 'createdBy', 'createdAt']);
    expect(version.properties.modelConfig).toEqual({ $ref: '#/components/schemas/ModelConfig' });
    expect(version.properties.variables.items).toEqual({ $ref: '#/components/schemas/Variable' });
    expect(op('/api/v1/prompts/{name}', 'get').responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Version' });
    expect(op('/api/v1/prompts', 'get').responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/PromptPage' });
  });

  it('documents the experiment and execution routes with their path parameters and response schemas', () => {
    const transition = op('/api/v1/experiments/{key}/{transition}', 'post');
    expect(transition.operationId).toBe('transitionExperiment');
    expect(transition['x-verso-role']).toBe('admin');
    expect(transition.parameters.map((p: Json) => `${p.in}:${p.name}`)).toEqual(['path:key', 'path:transition']);
    expect(transition.parameters[1].schema).toEqual({ type: 'string', enum: ['start', 'pause', 'complete'] });
    expect(op('/api/v1/executions/{id}', 'patch').parameters[0]).toMatchObject({ name: 'id', in: 'path', schema: { format: 'uuid' } });
    const schemaOf = (path: string, method: string, status: string) => op(path, method).responses[status].content['application/json'].schema;
    expect(schemaOf('/api/v1/prompts/{name}/resolve', 'post', '200')).toEqual({ $ref: '#/components/schemas/Resolved' });
    expect(schemaOf('/api/v1/experiments', 'post', '201')).toEqual({ $ref: '#/components/schemas/Experiment' });
    expect(schemaOf('/api/v1/experiments/{key}/results', 'get', '200')).toEqual({ $ref: '#/components/schemas/ExperimentResults' });
    expect(Object.keys(doc.components.schemas.Experiment.properties)).toEqual(Object.keys(experimentView.shape));
    expect(doc.components.schemas.Resolved.required).toEqual(['executionId', 'name', 'version', 'experiment', 'type', 'modelConfig']);
    // An edit changes only what it sends: no field of the edit body is required or defaulted.
    const edit = doc.components.schemas.EditExperiment;
    expect(edit.required ?? []).toEqual([]);
    for (const [name, field] of Object.entries(edit.properties as Json)) expect(field.default, name).toBeUndefined();
  });

  it('documents the serving snapshot (with its 304) and the events batch for service keys', () => {
    const snapshot = op('/api/v1/serving', 'get');
    expect(snapshot['x-verso-role']).toBe('service');
    expect(snapshot.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/ServingSnapshot' });
    expect(snapshot.responses['304']).toEqual({ description: expect.stringMatching(/If-None-Match/) });
    expect(Object.keys(snapshot.responses).filter((s) => Number(s) >= 400)).toEqual(['401', '403']);
    const events = op('/api/v1/events', 'post');
    expect(events['x-verso-role']).toBe('service');
    expect(events.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/EventBatch' });
    expect(events.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/EventBatchResult' });
    expect(doc.components.schemas.ExecutionEvent.required).toEqual(['id', 'prompt', 'version']);
  });

  it('lists the error statuses each operation can answer, all as the error envelope', () => {
    const statuses = (path: string, method: string) => Object.keys(op(path, method).responses).filter((s) => Number(s) >= 400);
    expect(statuses('/api/v1/prompts', 'post')).toEqual(['400', '401', '403', '409', '413']);
    expect(statuses('/api/v1/prompts/{name}', 'get')).toEqual(['400', '401', '404']);
    expect(statuses('/api/v1/prompts/{name}/labels/{label}', 'put')).toEqual(['400', '401', '403', '404', '409', '413']);
    expect(statuses('/api/v1/prompts/{name}/render', 'post')).toEqual(['400', '401', '404', '413', '422']);
    expect(statuses('/api/v1/prompts/{name}/resolve', 'post')).toEqual(['400', '401', '403', '404', '413', '422']);
    expect(statuses('/api/v1/experiments/{key}/{transition}', 'post')).toEqual(['400', '401', '403', '404', '409']);
    expect(statuses('/api/v1/experiments/{key}/results', 'get')).toEqual(['400', '401', '404']);
    expect(statuses('/api/v1/executions/{id}', 'patch')).toEqual(['400', '401', '403', '404', '413']);
    for (const o of operations) {
      for (const [status, response] of Object.entries(op(o.path, o.method).responses as Json)) {
        if (Number(status) >= 400) expect(response.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Error' });
      }
    }
    const error = doc.components.schemas.Error;
    expect(error.required).toEqual(['error']);
    expect(error.properties.error.properties.code.enum).toEqual(expect.arrayContaining(['invalid', 'missing_variables', 'too_large']));
  });
});
