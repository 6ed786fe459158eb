import { describe, expect, it } from 'vitest';
import { callApi, expectError, withApiKeys } from '../support/api';
import { withTestDatabase } from '../support/db';
import { givenPrompt } from '../support/prompts';

// A template an editor saved that runs for long (one `sort` of three million items) answers 422
// render_limit within its budget, and meanwhile the server answers everyone else.

withTestDatabase();
const keys = withApiKeys();

const longSort = '{{ (1..3000000) | sort_natural | uniq | size }}';

describe('a render past its budget', () => {
  it('answers 422 render_limit, naming the limit', async () => {
    await givenPrompt('slow-sort', { template: longSort, labels: ['production'] });
    const response = await callApi('renderPrompt', { key: keys.admin, params: { name: 'slow-sort' }, body: { variables: {} } });
    const error = expectError(response, 422, 'render_limit');
    expect(error.details).toMatchObject({ limit: 'time' });
  }, 15_000);

  it('does not hold up the resolve of another prompt that comes after it', async () => {
    await givenPrompt('slow-sort-2', { template: longSort, labels: ['production'] });
    await givenPrompt('greeting', { template: 'Hello {{ name }}', labels: ['production'] });
    const answered: string[] = [];
    const slow = callApi('renderPrompt', { key: keys.admin, params: { name: 'slow-sort-2' }, body: { variables: {} } }).finally(() =>
      answered.push('slow render'),
    );
    const resolve = new Promise((wait) => setTimeout(wait, 50))
      .then(() => callApi('resolvePrompt', { key: keys.admin, params: { name: 'greeting' }, body: { variables: { name: 'Ada' } } }))
      .finally(() => answered.push('resolve'));
    const resolved = await resolve;
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ type: 'text', text: 'Hello Ada' });
    expectError(await slow, 422, 'render_limit');
    expect(answered).toEqual(['resolve', 'slow render']);
  }, 15_000);
});
