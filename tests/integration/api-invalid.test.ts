import { beforeAll, describe, expect, it } from 'vitest';
import { callApi, expectError, withApiKeys } from '../support/api';
import { withTestDatabase } from '../support/db';
import { givenPrompt } from '../support/prompts';
import { leavesDatabaseAsItWas } from '../support/snapshot';

// 400, 413 and 422: what the caller sent is wrong. Each refusal leaves every table as it was.

withTestDatabase();

const keys = withApiKeys();
beforeAll(async () => {
  await givenPrompt('existing', { versions: 2, labels: ['production'] });
  await givenPrompt('vars', { template: '{{ greeting }} {{ name }}, {{ topic }}! {{ sign | default: "bye" }}', labels: ['production'] });
  await givenPrompt('chatty', {
    messages: [
      { role: 'system', content: 'Speak {{ language }}.' },
      { role: 'user', content: '{{ question }} ({{ language }})' },
    ],
    labels: ['production'],
  });
});

const issuePaths = (error: { details?: unknown }) => (error.details as { issues: { path: string }[] }).issues.map((i) => i.path);

describe('400 invalid input', () => {
  it('names every invalid field of a new prompt in details.issues', async () => {
    const res = await leavesDatabaseAsItWas(() =>
      callApi('createPrompt', { key: keys.editor, body: { name: 'Not A Slug', template: 'x', tags: 'one', modelConfig: { temperature: 9 } } }),
    );
    const error = expectError(res, 400, 'invalid');
    expect(issuePaths(error)).toEqual(expect.arrayContaining(['name', 'tags', 'modelConfig.temperature']));
  });

  it('refuses a prompt with neither template nor messages', async () => {
    const res = await leavesDatabaseAsItWas(() => callApi('createPrompt', { key: keys.editor, body: { name: 'empty' } }));
    expectError(res, 400, 'invalid');
  });

  it('refuses a body that is not JSON', async () => {
    const res = await leavesDatabaseAsItWas(() => callApi('createPrompt', { key: keys.editor, rawBody: '{"name": "x",' }));
    expect(expectError(res, 400, 'invalid').message).toMatch(/not valid JSON/);
  });

  it('reports a template syntax error with its line and column', async () => {
    const res = await leavesDatabaseAsItWas(() =>
      callApi('createPrompt', { key: keys.editor, body: { name: 'broken', template: 'first line\nsecond {% for x in %}' } }),
    );
    const error = expectError(res, 400, 'invalid');
    expect(error.details).toMatchObject({ line: 2, column: 8 });
    expect(error.message).toMatch(/line 2, column 8/);
  });

  it('reports an unclosed output in a new version with its position', async () => {
    const res = await leavesDatabaseAsItWas(() =>
      callApi('createVersion', { key: keys.editor, params: { name: 'existing' }, body: { template: 'Hello\n  there {{ name ' } }),
    );
    expect(expectError(res, 400, 'invalid').details).toMatchObject({ line: 2, column: 9 });
  });

  it('says which chat message holds the syntax error', async () => {
    const res = await leavesDatabaseAsItWas(() =>
      callApi('createVersion', {
        key: keys.editor,
        params: { name: 'existing' },
        body: { messages: [{ role: 'system', content: 'fine' }, { role: 'user', content: 'a\n{% if x %}never closed' }] },
      }),
    );
    const error = expectError(res, 400, 'invalid');
    expect(error.details).toMatchObject({ line: 2, column: 1, message_index: 1 });
    expect(error.message).toMatch(/message 2/);
  });

  it('refuses an unknown filter at its position', async () => {
    const res = await leavesDatabaseAsItWas(() =>
      callApi('createVersion', { key: keys.editor, params: { name: 'existing' }, body: { template: 'x {{ a | shell }}' } }),
    );
    expect(expectError(res, 400, 'invalid').details).toMatchObject({ line: 1, column: 3 });
  });

  it('refuses a template that includes a file, at the tag, instead of failing on the server', async () => {
    for (const tag of [`{% include '/etc/passwd' %}`, `{% render 'x' %}`, `{% layout 'x' %}`]) {
      const res = await leavesDatabaseAsItWas(() =>
        callApi('createVersion', { key: keys.editor, params: { name: 'existing' }, body: { template: `ok\n  ${tag}` } }),
      );
      expect(expectError(res, 400, 'invalid').details).toMatchObject({ line: 2, column: 3 });
    }
  });

  it('refuses bad query parameters', async () => {
    const bad: { op: string; query: Record<string, string | number> }[] = [
      { op: 'getPrompt', query: { version: 'two' } },
      { op: 'getPrompt', query: { version: 0 } },
      { op: 'getPrompt', query: { version: 1, label: 'production' } },
      { op: 'listPrompts', query: { limit: 0 } },
      { op: 'listPrompts', query: { limit: 1000 } },
      { op: 'listPrompts', query: { cursor: '!!!' } },
    ];
    for (const { op, query } of bad) {
      const res = await callApi(op, { key: keys.viewer, params: { name: 'existing' }, query });
      expectError(res, 400, 'invalid');
    }
  });

  it('refuses a label name that is not a slug and a version that is not a number', async () => {
    const badLabel = await leavesDatabaseAsItWas(() =>
      callApi('moveLabel', { key: keys.admin, params: { name: 'existing', label: 'Has Spaces' }, body: { version: 1 } }),
    );
    expectError(badLabel, 400, 'invalid');
    const badVersion = await leavesDatabaseAsItWas(() =>
      callApi('moveLabel', { key: keys.admin, params: { name: 'existing', label: 'staging' }, body: { version: 'one' } }),
    );
    expect(issuePaths(expectError(badVersion, 400, 'invalid'))).toEqual(['version']);
  });

  it('refuses variables of the wrong type, naming them', async () => {
    await givenPrompt('typed', {
      template: '{{ n | plus: 1 }} {{ flag }}',
      variables: [
        { name: 'n', type: 'number', required: true },
        { name: 'flag', type: 'boolean', required: true },
      ],
      labels: ['production'],
    });
    const res = await callApi('renderPrompt', { key: keys.viewer, params: { name: 'typed' }, body: { variables: { n: 'many', flag: 'maybe' } } });
    expect(expectError(res, 400, 'invalid').details).toEqual({
      wrong: [
        { name: 'n', expected: 'number' },
        { name: 'flag', expected: 'boolean' },
      ],
    });
  });
});

describe('413 too large', () => {
  const big = (bytes: number) => 'x'.repeat(bytes);

  it('refuses a template over 100 KB', async () => {
    const res = await leavesDatabaseAsItWas(() =>
      callApi('createPrompt', { key: keys.editor, body: { name: 'huge', template: big(100 * 1024 + 1) } }),
    );
    expect(expectError(res, 413, 'too_large').message).toMatch(/100 KB/);
  });

  it('refuses a chat message over 100 KB in a new version', async () => {
    const res = await leavesDatabaseAsItWas(() =>
      callApi('createVersion', { key: keys.editor, params: { name: 'existing' }, body: { messages: [{ role: 'user', content: big(101 * 1024) }] } }),
    );
    expectError(res, 413, 'too_large');
  });

  it('accepts a template of exactly 100 KB', async () => {
    const res = await callApi('createPrompt', { key: keys.editor, body: { name: 'just-fits', template: big(100 * 1024) } });
    expect(res.status).toBe(201);
  });

  it('refuses a body over 1 MB, whether or not it declares its length', async () => {
    const body = JSON.stringify({ name: 'bulky', template: 'x', description: big(1024 * 1024) });
    const undeclared = await leavesDatabaseAsItWas(() => callApi('createPrompt', { key: keys.editor, rawBody: body }));
    expect(expectError(undeclared, 413, 'too_large').message).toMatch(/1 MB/);
    const declared = await leavesDatabaseAsItWas(() =>
      callApi('createPrompt', { key: keys.editor, rawBody: body, headers: { 'content-length': String(body.length) } }),
    );
    expectError(declared, 413, 'too_large');
  });

  it('stops reading a body that never ends once it passes 1 MB', async () => {
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        const chunk = new TextEncoder().encode(' '.repeat(64 * 1024));
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const res = await leavesDatabaseAsItWas(() => callApi('createPrompt', { key: keys.editor, stream: endless }));
    expectError(res, 413, 'too_large');
    expect(sent).toBeLessThan(2 * 1024 * 1024);
  });
});

describe('422 missing variables', () => {
  it('names every missing required variable at once, not the optional ones', async () => {
    const res = await callApi('renderPrompt', { key: keys.viewer, params: { name: 'vars' }, body: { variables: { name: 'Ada' } } });
    const error = expectError(res, 422, 'missing_variables');
    expect(error.details).toEqual({ missing: ['greeting', 'topic'] });
    expect(error.message).toMatch(/greeting, topic/);
  });

  it('counts null as missing', async () => {
    const res = await callApi('renderPrompt', {
      key: keys.viewer,
      params: { name: 'vars' },
      body: { variables: { greeting: 'Hi', name: null, topic: 'tea' } },
    });
    expect(expectError(res, 422, 'missing_variables').details).toEqual({ missing: ['name'] });
  });

  it('names the variables missing across all chat messages, each once', async () => {
    const res = await callApi('renderPrompt', { key: keys.viewer, params: { name: 'chatty' }, body: {} });
    expect(expectError(res, 422, 'missing_variables').details).toEqual({ missing: ['language', 'question'] });
  });
});
