import assert from 'node:assert/strict';
import type { App } from '../support/app';
import { defineSpec } from '../support/runner';

// Renders in the production build (`next build` + `next start`): templates beyond plain outputs
// render in worker threads (lib/prompts/render-worker.mjs, loaded as it is), and a template that
// runs past its budget answers 422 render_limit while the server keeps answering others.

const LOOP = 'Orders:{% for o in orders %} {{ o.id }}={{ o.status | capitalize }}{% endfor %}';
const LONG_SORT = '{{ (1..3000000) | sort_natural | uniq | size }}';

async function givenPrompt(app: App, name: string, template: string) {
  const res = await app.api('POST', '/api/v1/prompts', { name, template, labels: ['production'], commitMessage: 'e2e' });
  assert.equal(res.status, 201, JSON.stringify(res.body));
}

export default defineSpec('Render limits in the production build', (test) => {
  test('renders a loop in a render worker', async ({ app }) => {
    await givenPrompt(app, 'e2e-loop', LOOP);
    const res = await app.api('POST', '/api/v1/prompts/e2e-loop/render', { variables: { orders: [{ id: 'A-1', status: 'shipped' }] } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal((res.body as { text: string }).text, 'Orders: A-1=Shipped');
  });

  test('stops a long filter call with 422 render_limit and answers a resolve meanwhile', async ({ app }) => {
    await givenPrompt(app, 'e2e-long-sort', LONG_SORT);
    await givenPrompt(app, 'e2e-plain', 'Hello {{ name }}');
    const answered: string[] = [];
    const slow = app.api('POST', '/api/v1/prompts/e2e-long-sort/render', { variables: {} }).finally(() => answered.push('slow'));
    await new Promise((wait) => setTimeout(wait, 100));
    const resolved = await app.api('POST', '/api/v1/prompts/e2e-plain/resolve', { variables: { name: 'Ada' } });
    answered.push('resolve');
    assert.equal(resolved.status, 200, JSON.stringify(resolved.body));
    const refused = await slow;
    assert.equal(refused.status, 422, JSON.stringify(refused.body));
    assert.equal((refused.body as { error: { code: string } }).error.code, 'render_limit');
    assert.deepEqual(answered, ['resolve', 'slow']);
  });
});
