import assert from 'node:assert/strict';
import { defineSpec } from '../support/runner';

// The HTTP server itself, as `npm start` runs it (lib/server/serve.ts): what it answers before
// and around the API routes, always in the error envelope a client parses.

const envelope = (body: any, code: string) => {
  assert.equal(body?.error?.code, code, JSON.stringify(body));
  assert.equal(typeof body.error.message, 'string');
};

export default defineSpec('The HTTP server', (test) => {
  test('reports itself healthy without a key: database reachable, migrations applied', async ({ app }) => {
    const response = await fetch(`${app.url}/api/health`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { status: 'ok', database: 'reachable', migrations: 'applied' });
  });

  test('answers headers over the limit with 431 in the error envelope', async ({ app }) => {
    const response = await fetch(`${app.url}/api/v1/prompts`, {
      headers: { authorization: `Bearer ${app.apiKey}`, 'x-padding': 'a'.repeat(32 * 1024) },
    });
    assert.equal(response.status, 431);
    assert.match(response.headers.get('content-type') ?? '', /application\/json/);
    envelope(await response.json(), 'headers_too_large');
    // The server goes on serving.
    assert.equal((await app.api('GET', '/api/v1/prompts?limit=1')).status, 200);
  });

  test('answers an unknown API path with 404 in the error envelope', async ({ app }) => {
    const { status, body } = await app.api('GET', '/api/v1/no-such-thing');
    assert.equal(status, 404);
    envelope(body, 'not_found');
  });
});
