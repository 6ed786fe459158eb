import { beforeAll, describe, expect, it } from 'vitest';
import { labelHistoryView, labelMoved, renderResult, versionList, versionView } from '@/lib/prompts/views';
import { callApi, withApiKeys } from '../support/api';
import { withTestDatabase } from '../support/db';
import { givenPrompt } from '../support/prompts';

withTestDatabase();

const keys = withApiKeys();

describe('versions', () => {
  it('saves version 2 with 201, moving the labels it names, and lists versions newest first', async () => {
    await givenPrompt('mail/welcome', { labels: ['staging'] });
    const created = await callApi('createVersion', {
      key: keys.editor,
      params: { name: 'mail/welcome' },
      body: { template: 'Welcome, {{ name }}! You have {{ credits }} credits.', commitMessage: 'mention credits', labels: ['staging'] },
    });
    expect(created.status).toBe(201);
    expect(versionView.parse(created.body)).toMatchObject({
      name: 'mail/welcome',
      version: 2,
      commitMessage: 'mention credits',
      labels: ['staging', 'latest'],
      createdBy: 'key:editor',
    });

    const res = await callApi('listVersions', { key: keys.viewer, params: { name: 'mail/welcome' } });
    expect(res.status).toBe(200);
    const { data } = versionList.parse(res.body);
    expect(data.map((v) => [v.version, v.labels])).toEqual([
      [2, ['staging', 'latest']],
      [1, []],
    ]);
  });

  it('keeps the variable settings the caller declares and detects the rest', async () => {
    await givenPrompt('quote');
    const res = await callApi('createVersion', {
      key: keys.editor,
      params: { name: 'quote' },
      body: {
        type: 'text',
        template: '{{ amount }} for {{ customer }}{% for item in items %}, {{ item }}{% endfor %}',
        variables: [{ name: 'amount', type: 'number', description: 'in euros' }],
      },
    });
    expect(res.body.variables).toEqual([
      { name: 'amount', required: true, type: 'number', description: 'in euros' },
      { name: 'customer', required: true, type: 'string' },
      { name: 'items', required: true, type: 'json' },
    ]);
  });

  it('switches a prompt from text to chat in a new version', async () => {
    await givenPrompt('switcher');
    const res = await callApi('createVersion', {
      key: keys.editor,
      params: { name: 'switcher' },
      body: { messages: [{ role: 'user', content: 'Hi {{ name }}' }] },
    });
    expect(res.body).toMatchObject({ version: 2, type: 'chat', messages: [{ role: 'user', content: 'Hi {{ name }}' }] });
  });
});

describe('labels', () => {
  it('moves a label with PUT and records the move in the history', async () => {
    await givenPrompt('deploy/me', { versions: 3 });
    const first = await callApi('moveLabel', { key: keys.admin, params: { name: 'deploy/me', label: 'production' }, body: { version: 2 } });
    expect(first.status).toBe(200);
    expect(labelMoved.parse(first.body)).toEqual({ name: 'deploy/me', label: 'production', version: 2, moved: true });
    await callApi('moveLabel', { key: keys.admin, params: { name: 'deploy/me', label: 'production' }, body: { version: 3 } });
    await callApi('moveLabel', { key: keys.editor, params: { name: 'deploy/me', label: 'canary-eu' }, body: { version: 1 } });

    const res = await callApi('labelHistory', { key: keys.viewer, params: { name: 'deploy/me' } });
    expect(res.status).toBe(200);
    const { data } = labelHistoryView.parse(res.body);
    expect(data.map((m) => [m.label, m.fromVersion, m.toVersion, m.movedBy])).toEqual([
      ['canary-eu', null, 1, 'key:editor'],
      ['production', 2, 3, 'key:admin'],
      ['production', null, 2, 'key:admin'],
    ]);
    const served = await callApi('getPrompt', { key: keys.viewer, params: { name: 'deploy/me' } });
    expect(served.body.version).toBe(3);
  });

  it('answers moved: false and records nothing when the label already points there', async () => {
    await givenPrompt('steady', { labels: ['staging'] });
    const res = await callApi('moveLabel', { key: keys.editor, params: { name: 'steady', label: 'staging' }, body: { version: 1 } });
    expect(res.body).toEqual({ name: 'steady', label: 'staging', version: 1, moved: false });
    const history = await callApi('labelHistory', { key: keys.viewer, params: { name: 'steady' } });
    expect(history.body.data).toHaveLength(1);
  });
});

describe('POST /api/v1/prompts/{name}/render', () => {
  beforeAll(async () => {
    await givenPrompt('render/text', { template: 'Hello {{ name }}, v1', versions: 1, labels: ['production'] });
    await callApi('createVersion', {
      key: keys.editor,
      params: { name: 'render/text' },
      body: {
        template: 'Hi {{ name | upcase }}{% if vip %} (VIP){% endif %}: {{ count | plus: 1 }} {{ tone | default: "warm" }}',
        variables: [
          { name: 'vip', type: 'boolean', required: false },
          { name: 'count', type: 'number' },
        ],
        labels: ['staging'],
      },
    });
    await givenPrompt('render/chat', {
      messages: [
        { role: 'system', content: 'You answer in {{ language }}.' },
        { role: 'user', content: '{% for q in questions %}- {{ q }}\n{% endfor %}' },
      ],
      labels: ['production'],
    });
  });

  it('renders the production version by default', async () => {
    const res = await callApi('renderPrompt', { key: keys.viewer, params: { name: 'render/text' }, body: { variables: { name: 'Ada' } } });
    expect(res.status).toBe(200);
    expect(renderResult.parse(res.body)).toEqual({ name: 'render/text', version: 1, type: 'text', text: 'Hello Ada, v1' });
  });

  it('renders by label with filters, if, coercion and defaults, ignoring unknown variables', async () => {
    const res = await callApi('renderPrompt', {
      key: keys.viewer,
      params: { name: 'render/text' },
      body: { label: 'staging', variables: { name: 'ada', vip: 'true', count: '41', unused: 'ignored' } },
    });
    expect(res.body).toEqual({ name: 'render/text', version: 2, type: 'text', text: 'Hi ADA (VIP): 42 warm' });
  });

  it('renders by version number', async () => {
    const res = await callApi('renderPrompt', { key: keys.viewer, params: { name: 'render/text' }, body: { version: 1, variables: { name: 'Bo' } } });
    expect(res.body).toMatchObject({ version: 1, text: 'Hello Bo, v1' });
  });

  it('renders chat messages with loops', async () => {
    const res = await callApi('renderPrompt', {
      key: keys.viewer,
      params: { name: 'render/chat' },
      body: { variables: { language: 'French', questions: ['Why?', 'How?'] } },
    });
    expect(renderResult.parse(res.body)).toEqual({
      name: 'render/chat',
      version: 1,
      type: 'chat',
      messages: [
        { role: 'system', content: 'You answer in French.' },
        { role: 'user', content: '- Why?\n- How?\n' },
      ],
    });
  });

  it('serves the new production version right after the label moves', async () => {
    await callApi('renderPrompt', { key: keys.viewer, params: { name: 'render/text' }, body: { variables: { name: 'X' } } });
    await callApi('moveLabel', { key: keys.admin, params: { name: 'render/text', label: 'production' }, body: { version: 2 } });
    const res = await callApi('renderPrompt', { key: keys.viewer, params: { name: 'render/text' }, body: { variables: { name: 'x', count: 1 } } });
    expect(res.body).toMatchObject({ version: 2, text: 'Hi X: 2 warm' });
  });
});
