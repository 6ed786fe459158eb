import assert from 'node:assert/strict';
import { defineSpec } from '../support/runner';

// Malformed requests against the real server (`next build` + `next start`): some are refused
// by Next.js before a route handler runs, so tests that call the handlers directly cannot see
// them. Every one answers 4xx in the error envelope, never 500 and never an HTML page.

const isEnvelope = (body: unknown, code?: string) =>
  typeof body === 'object' && body !== null && typeof (body as { error?: { code?: unknown } }).error?.code === 'string' && (!code || (body as { error: { code: string } }).error.code === code);

export default defineSpec('Malformed requests over HTTP', (test) => {
  test('answers a bad percent-escape in the path with a 4xx envelope', async ({ app }) => {
    for (const [method, pathname] of [
      ['POST', '/api/v1/prompts/%E0%A4%A/resolve'],
      ['GET', '/api/v1/prompts/%zz'],
      ['PATCH', '/api/v1/executions/%zz'],
      ['GET', '/api/v1/experiments/%E0%A4%A/results'],
    ] as const) {
      const res = await app.api(method, pathname, method === 'GET' ? undefined : { status: 'success' });
      assert.ok(res.status >= 400 && res.status < 500, `${method} ${pathname}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
      assert.ok(isEnvelope(res.body), `${method} ${pathname}: ${JSON.stringify(res.body).slice(0, 200)}`);
    }
  });

  test('refuses a NUL character in the body, the query and the path with 400 invalid', async ({ app }) => {
    const body = await app.api('POST', '/api/v1/prompts/summarizer/render', { variables: { text: 'a\u0000b', audience: 'x' } });
    assert.equal(body.status, 400, JSON.stringify(body.body));
    assert.ok(isEnvelope(body.body, 'invalid'));
    const query = await app.api('GET', '/api/v1/prompts?q=%00');
    assert.equal(query.status, 400, JSON.stringify(query.body));
    const path = await app.api('GET', '/api/v1/prompts/a%00b');
    assert.equal(path.status, 400, JSON.stringify(path.body));
  });

  test('answers a method a route does not take with 405, the envelope and Allow', async ({ app }) => {
    const res = await fetch(`${app.url}/api/v1/prompts/summarizer/render`, { method: 'DELETE', headers: { authorization: `Bearer ${app.apiKey}` } });
    assert.equal(res.status, 405);
    assert.equal(res.headers.get('allow'), 'POST, OPTIONS');
    assert.equal((await res.json()).error.code, 'method_not_allowed');
    const options = await fetch(`${app.url}/api/v1/prompts`, { method: 'OPTIONS' });
    assert.equal(options.status, 204);
    assert.equal(options.headers.get('allow'), 'GET, HEAD, POST, OPTIONS');
  });
});
