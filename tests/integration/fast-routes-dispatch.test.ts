// Which requests the fast path (lib/server/fast-routes.ts) takes, in-process on the test's
// database: a request it leaves alone reaches the fallback, standing in for Next.js.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fastRoutes } from '@/lib/server/fast-routes';
import { withApiKeys } from '../support/api';
import { withTestDatabase } from '../support/db';
import { givenPrompt } from '../support/prompts';

withTestDatabase();
const keys = withApiKeys();
const LEFT_TO_NEXT = 599;
let server: http.Server;
let url: string;

beforeAll(async () => {
  await givenPrompt('greet', { template: 'Hello {{ name }}', labels: ['production'] });
  const dispatch = fastRoutes();
  server = http.createServer(async (req, res) => {
    if (!(await dispatch(req, res))) res.writeHead(LEFT_TO_NEXT).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const send = (path: string, method = 'POST', body: unknown = {}) =>
  fetch(`${url}${path}`, { method, headers: { authorization: `Bearer ${keys.service}`, 'content-type': 'application/json' }, body: method === 'GET' ? undefined : JSON.stringify(body) });

describe('the fast path', () => {
  it('answers POST on the four hot routes itself', async () => {
    const resolved = await send('/api/v1/prompts/greet/resolve?x=1', 'POST', { variables: { name: 'Ana' } });
    expect(resolved.status).toBe(200);
    const { executionId, text } = (await resolved.json()) as { executionId: string; text: string };
    expect(text).toBe('Hello Ana');
    expect((await send('/api/v1/events', 'POST', { executions: [] })).status).toBe(200);
    expect((await send('/api/v1/metrics', 'POST', { items: [{ executionId, name: 'rating', value: 4 }] })).status).toBe(200);
    const one = await send(`/api/v1/executions/${executionId}/metrics`, 'POST', { name: 'conversion', value: 1 });
    expect(one.status).toBe(200);
    expect(one.headers.get('x-frame-options')).toBe('DENY');
  });

  it.each([
    ['another method', '/api/v1/events', 'GET'],
    ['OPTIONS', '/api/v1/metrics', 'OPTIONS'],
    ['a trailing slash', '/api/v1/events/', 'POST'],
    ['a path that does not decode', '/api/v1/prompts/%zz/resolve', 'POST'],
    ['a folder in the name', '/api/v1/prompts/a/b/resolve', 'POST'],
    ['another route', '/api/v1/prompts/greet/render', 'POST'],
    ['a page', '/prompts', 'POST'],
  ])('leaves %s to Next.js', async (_, path, method) => {
    expect((await send(path, method)).status).toBe(LEFT_TO_NEXT);
  });
});
