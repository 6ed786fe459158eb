import { beforeAll, describe, expect, it } from 'vitest';
import { promptPage, versionView } from '@/lib/prompts/views';
import { callApi, withApiKeys } from '../support/api';
import { withTestDatabase } from '../support/db';
import { givenPrompt } from '../support/prompts';

withTestDatabase();

const keys = withApiKeys();

describe('POST /api/v1/prompts', () => {
  it('creates a text prompt and answers 201 with version 1', async () => {
    const res = await callApi('createPrompt', {
      key: keys.editor,
      body: {
        name: 'support/reply',
        description: 'Answers a customer',
        category: 'support',
        tags: ['email', 'tier-1'],
        template: 'Dear {{ customer }}, {{ answer | default: "thanks" }}',
        modelConfig: { provider: 'openai', model: 'gpt-4o-mini', temperature: 0.2 },
        commitMessage: 'first draft',
        labels: ['staging'],
      },
    });
    expect(res.status).toBe(201);
    const version = versionView.parse(res.body);
    expect(version).toMatchObject({
      name: 'support/reply',
      version: 1,
      type: 'text',
      template: 'Dear {{ customer }}, {{ answer | default: "thanks" }}',
      labels: ['staging', 'latest'],
      commitMessage: 'first draft',
      createdBy: 'key:editor',
      modelConfig: { provider: 'openai', model: 'gpt-4o-mini', temperature: 0.2 },
    });
    expect(version.variables).toEqual([
      { name: 'customer', required: true, type: 'string' },
      { name: 'answer', required: false, type: 'string' },
    ]);
  });

  it('creates a chat prompt, inferring the type from messages', async () => {
    const res = await callApi('createPrompt', {
      key: keys.admin,
      body: {
        name: 'triage',
        messages: [
          { role: 'system', content: 'You sort tickets for {{ team }}.' },
          { role: 'user', content: '{{ ticket }}' },
        ],
      },
    });
    expect(res.status).toBe(201);
    expect(versionView.parse(res.body)).toMatchObject({
      type: 'chat',
      messages: [
        { role: 'system', content: 'You sort tickets for {{ team }}.' },
        { role: 'user', content: '{{ ticket }}' },
      ],
      variables: [
        { name: 'team', required: true, type: 'string' },
        { name: 'ticket', required: true, type: 'string' },
      ],
    });
    expect(res.body.template).toBeUndefined();
  });
});

describe('GET /api/v1/prompts/{name}', () => {
  beforeAll(async () => {
    await givenPrompt('folder/deep/greeting', { versions: 3, labels: [] });
    await callApi('moveLabel', { key: keys.admin, params: { name: 'folder/deep/greeting', label: 'production' }, body: { version: 2 } });
    await callApi('moveLabel', { key: keys.editor, params: { name: 'folder/deep/greeting', label: 'staging' }, body: { version: 3 } });
  });

  it('serves the production version by default, reached through %2F', async () => {
    const res = await callApi('getPrompt', { key: keys.viewer, params: { name: 'folder/deep/greeting' } });
    expect(res.status).toBe(200);
    expect(versionView.parse(res.body)).toMatchObject({ name: 'folder/deep/greeting', version: 2, template: 'v2 {{ name }}', labels: ['production'] });
  });

  it('serves the version a label points at', async () => {
    const res = await callApi('getPrompt', { key: keys.viewer, params: { name: 'folder/deep/greeting' }, query: { label: 'staging' } });
    expect(res.body).toMatchObject({ version: 3, labels: ['staging', 'latest'] });
  });

  it('serves `latest` as the newest version', async () => {
    const res = await callApi('getPrompt', { key: keys.viewer, params: { name: 'folder/deep/greeting' }, query: { label: 'latest' } });
    expect(res.body).toMatchObject({ version: 3 });
  });

  it('serves a version by number', async () => {
    const res = await callApi('getPrompt', { key: keys.viewer, params: { name: 'folder/deep/greeting' }, query: { version: 1 } });
    expect(res.status).toBe(200);
    expect(versionView.parse(res.body)).toMatchObject({ version: 1, template: 'v1 {{ name }}', labels: [] });
  });

  it('answers the same version under a single-segment name', async () => {
    await givenPrompt('plain', { labels: ['production'] });
    const res = await callApi('getPrompt', { key: keys.viewer, params: { name: 'plain' } });
    expect(res.body).toMatchObject({ name: 'plain', version: 1 });
  });
});

describe('GET /api/v1/prompts', () => {
  beforeAll(async () => {
    await givenPrompt('list/alpha', { description: 'Summarises 100% of a thread', category: 'writing', tags: ['summary', 'long'], labels: ['production'] });
    await givenPrompt('list/beta', { description: 'Writes SQL', category: 'data', tags: ['sql'], labels: ['staging'] });
    await givenPrompt('list/gamma', { description: 'Classifies tickets', category: 'data', tags: ['classify', 'long'], versions: 2 });
    await givenPrompt('list/a_b', { description: 'Underscore in its name' });
    await givenPrompt('list/axb', { description: 'Looks like a_b to a careless LIKE' });
  });

  const list = async (query: Record<string, string | number>) => {
    const res = await callApi('listPrompts', { key: keys.viewer, query });
    expect(res.status).toBe(200);
    return promptPage.parse(res.body);
  };
  const names = (page: { data: { name: string }[] }) => page.data.map((p) => p.name).filter((n) => n.startsWith('list/'));

  it('lists prompts by name with their labels and latest version', async () => {
    const page = await list({ q: 'list/' });
    expect(names(page)).toEqual(['list/a_b', 'list/alpha', 'list/axb', 'list/beta', 'list/gamma']);
    expect(page.data.find((p) => p.name === 'list/gamma')).toMatchObject({ latestVersion: 2, labels: { latest: 2 }, category: 'data' });
    expect(page.data.find((p) => p.name === 'list/alpha')).toMatchObject({ labels: { production: 1, latest: 1 }, tags: ['summary', 'long'] });
    expect(page.nextCursor).toBeNull();
  });

  it('pages with limit and cursor until nextCursor is null, each prompt once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<typeof list>> = await list({ q: 'list/', limit: 2, ...(cursor ? { cursor } : {}) });
      expect(page.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.data.map((p) => p.name));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(['list/a_b', 'list/alpha', 'list/axb', 'list/beta', 'list/gamma']);
  });

  it('searches names and descriptions, case-insensitively', async () => {
    expect(names(await list({ q: 'SQL' }))).toEqual(['list/beta']);
    expect(names(await list({ q: 'gamm' }))).toEqual(['list/gamma']);
  });

  it('treats % and _ in the search as plain characters', async () => {
    expect(names(await list({ q: '100%' }))).toEqual(['list/alpha']);
    expect(names(await list({ q: 'list/a_b' }))).toEqual(['list/a_b']);
  });

  it('filters by category, tag and label, and combines filters', async () => {
    expect(names(await list({ category: 'data' }))).toEqual(['list/beta', 'list/gamma']);
    expect(names(await list({ tag: 'long' }))).toEqual(['list/alpha', 'list/gamma']);
    expect(names(await list({ label: 'staging' }))).toEqual(['list/beta']);
    expect(names(await list({ label: 'production', q: 'list/' }))).toEqual(['list/alpha']);
    expect(names(await list({ category: 'data', tag: 'long' }))).toEqual(['list/gamma']);
    expect(names(await list({ category: 'nothing-here' }))).toEqual([]);
  });

  it('lets every prompt match the `latest` label', async () => {
    expect(names(await list({ label: 'latest', q: 'list/' }))).toHaveLength(5);
  });
});
