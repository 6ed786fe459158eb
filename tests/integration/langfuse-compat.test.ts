import path from 'node:path';
import { LangfuseClient } from '@langfuse/client';
import { Langfuse } from 'langfuse';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { listAuditLog } from '@/lib/audit/log';
import { langfusePrompt, langfusePromptList } from '@/lib/langfuse/schemas';
import { moveLabel } from '@/lib/prompts/labels';
import { createPrompt, createVersion, getVersion } from '@/lib/prompts/registry';
import { renderPrompt } from '@/lib/prompts/rendering';
import { newPromptInput, newVersionInput } from '@/lib/prompts/schemas';
import { admin, editor } from '../support/actors';
import { withApiKeys } from '../support/api';
import { startAppServer, type AppServer } from '../support/app-server';
import { withTestDatabase } from '../support/db';

// Verso's Langfuse-compatible prompt API as a team moving from Langfuse meets it: the official
// `langfuse` npm client, pointed at Verso over real HTTP with a Verso API key as its secret key.

withTestDatabase();
const keys = withApiKeys();

let server: AppServer;
const shutdowns: (() => Promise<void>)[] = [];
const langfuse = (secretKey: string, publicKey = 'pk-lf-team') => {
  const client = new Langfuse({ publicKey, secretKey, baseUrl: server.url });
  shutdowns.push(() => client.shutdownAsync());
  return client;
};

// The current client (v5) speaks the same endpoints.
const langfuseV5 = (secretKey: string) => {
  const client = new LangfuseClient({ publicKey: 'pk-lf-team', secretKey, baseUrl: server.url });
  shutdowns.push(() => client.shutdown());
  return client;
};

// A prompt in a folder: the client sends the slash as %2F.
const REPLY = 'support/reply';
const replyConfig = { provider: 'openai', model: 'gpt-4o-mini', temperature: 0.2, extra: { response_format: { type: 'json_object' } } };

beforeAll(async () => {
  server = await startAppServer(path.resolve('app/api/public'));
  await createPrompt(
    admin,
    newPromptInput.parse({
      name: REPLY,
      tags: ['support'],
      template: 'Hello {{ name }}, welcome to {{ product }}.',
      modelConfig: replyConfig,
      commitMessage: 'first cut',
      labels: ['production'],
    }),
  );
  await createVersion(editor, REPLY, newVersionInput.parse({ template: 'Hi {{ name }}! ({{ product }})', labels: ['staging'] }));
  await createPrompt(
    admin,
    newPromptInput.parse({
      name: 'chat-bot',
      messages: [
        { role: 'system', content: 'You support {{ product }} customers.' },
        { role: 'user', content: '{{ question }}' },
      ],
      labels: ['production'],
    }),
  );
  await createPrompt(admin, newPromptInput.parse({ name: 'shout', template: 'HEY {{ name | upcase }}', labels: ['production'] }));
  // The client logs every failed fetch; the failures below are on purpose.
  vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterAll(async () => {
  await Promise.all(shutdowns.map((shutdown) => shutdown()));
  await server?.close();
  vi.restoreAllMocks();
});

describe('getPrompt', () => {
  it('serves the production version by default, in the shape the client expects', async () => {
    const prompt = await langfuse(keys.viewer).getPrompt(REPLY, undefined, { cacheTtlSeconds: 0 });
    expect({ name: prompt.name, version: prompt.version, type: prompt.type, labels: prompt.labels, tags: prompt.tags, isFallback: prompt.isFallback }).toEqual({
      name: REPLY,
      version: 1,
      type: 'text',
      labels: ['production'],
      tags: ['support'],
      isFallback: false,
    });
    expect(prompt.prompt).toBe('Hello {{ name }}, welcome to {{ product }}.');
    expect(prompt.commitMessage).toBe('first cut');
    // Verso's typed fields and `extra`'s keys side by side, as a Langfuse config is free JSON.
    expect(prompt.config).toEqual({ provider: 'openai', model: 'gpt-4o-mini', temperature: 0.2, response_format: { type: 'json_object' } });
    expect(prompt.compile({ name: 'Ada', product: 'Verso' })).toBe('Hello Ada, welcome to Verso.');
  });

  it('serves a label and a version number', async () => {
    const client = langfuse(keys.viewer);
    const staging = await client.getPrompt(REPLY, undefined, { label: 'staging', cacheTtlSeconds: 0 });
    expect({ version: staging.version, labels: staging.labels }).toEqual({ version: 2, labels: ['staging', 'latest'] });
    expect(staging.compile({ name: 'Ada', product: 'Verso' })).toBe('Hi Ada! (Verso)');
    const latest = await client.getPrompt(REPLY, undefined, { label: 'latest', cacheTtlSeconds: 0 });
    expect(latest.version).toBe(2);
    const first = await client.getPrompt(REPLY, 1, { cacheTtlSeconds: 0 });
    expect({ version: first.version, prompt: first.prompt }).toEqual({ version: 1, prompt: 'Hello {{ name }}, welcome to {{ product }}.' });
  });

  it("compiles plain {{ variables }} to the same text as Verso's renderer", async () => {
    const variables = { name: 'Zoë <admin>', product: 'Acme & Co' };
    const prompt = await langfuse(keys.viewer).getPrompt(REPLY, undefined, { cacheTtlSeconds: 0 });
    expect(await renderPrompt(REPLY, {}, variables)).toMatchObject({ type: 'text', text: prompt.compile(variables) });
  });

  it('hands Liquid filters and tags over as written: the client compiles mustache only', async () => {
    const prompt = await langfuse(keys.viewer).getPrompt('shout', undefined, { cacheTtlSeconds: 0 });
    expect(prompt.prompt).toBe('HEY {{ name | upcase }}');
    expect(await renderPrompt('shout', {}, { name: 'ada' })).toMatchObject({ text: 'HEY ADA' });
    // mustache looks up a variable literally named "name | upcase" and finds nothing.
    expect(prompt.compile({ name: 'ada' })).toBe('HEY ');
  });

  it('serves a chat prompt whose compile() fills every message', async () => {
    const prompt = await langfuse(keys.viewer).getPrompt('chat-bot', undefined, { type: 'chat', cacheTtlSeconds: 0 });
    expect(prompt.type).toBe('chat');
    expect(prompt.compile({ product: 'Verso', question: 'Where is my parcel?' })).toEqual([
      { role: 'system', content: 'You support Verso customers.' },
      { role: 'user', content: 'Where is my parcel?' },
    ]);
  });

  it('follows a label when an admin moves it (a deploy), once the cache lets it ask again', async () => {
    const client = langfuse(keys.viewer);
    expect((await client.getPrompt(REPLY, undefined, { cacheTtlSeconds: 60 })).version).toBe(1);
    await moveLabel(admin, REPLY, 'production', 2);
    // Within its TTL the client keeps its copy, as it does against Langfuse.
    expect((await client.getPrompt(REPLY, undefined, { cacheTtlSeconds: 60 })).version).toBe(1);
    expect((await client.getPrompt(REPLY, undefined, { cacheTtlSeconds: 0 })).version).toBe(2);
    await moveLabel(admin, REPLY, 'production', 1);
  });

  it("rejects with the server's message for an unknown prompt, label or version, so a fallback can take over", async () => {
    const client = langfuse(keys.viewer);
    await expect(client.getPrompt('nope')).rejects.toThrow('Prompt "nope" does not exist.');
    await expect(client.getPrompt(REPLY, undefined, { label: 'canary' })).rejects.toThrow('Prompt "support/reply" has no label "canary".');
    await expect(client.getPrompt(REPLY, 9)).rejects.toThrow('Prompt "support/reply" has no version 9.');
    const fallback = await client.getPrompt('nope', undefined, { fallback: 'Hello {{name}}' });
    expect({ isFallback: fallback.isFallback, text: fallback.compile({ name: 'Ada' }) }).toEqual({ isFallback: true, text: 'Hello Ada' });
  });

  it('answers 404 in the shape of Langfuse', async () => {
    const error = await langfuse(keys.viewer)
      .api.promptsGet({ promptName: 'nope' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 404, error: { message: 'Prompt "nope" does not exist.', error: 'LangfuseNotFoundError', code: 'not_found' } });
  });
});

describe('keys', () => {
  it('refuses a secret key that is no Verso API key, and a revoked one', async () => {
    await expect(langfuse('sk-lf-not-verso').getPrompt(REPLY)).rejects.toThrow('This API key is unknown or revoked.');
    await expect(langfuse(keys.revoked).getPrompt(REPLY)).rejects.toThrow('This API key is unknown or revoked.');
    const error = await langfuse('sk-lf-not-verso')
      .api.promptsList({})
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 401, error: { error: 'UnauthorizedError' } });
    expect((error as Response).headers.get('www-authenticate')).toBe('Basic realm="Verso"');
  });

  it('requires a public key, though any will do', async () => {
    await expect(langfuse(keys.viewer, '').getPrompt(REPLY)).rejects.toThrow('Basic base64(publicKey:secretKey)');
    expect((await langfuse(keys.viewer, 'anything').getPrompt(REPLY, undefined, { cacheTtlSeconds: 0 })).version).toBe(1);
  });

  it('refuses a Bearer key: this API speaks Basic only', async () => {
    const res = await fetch(`${server.url}/api/public/v2/prompts`, { headers: { authorization: `Bearer ${keys.viewer}` } });
    expect({ status: res.status, body: await res.json() }).toMatchObject({ status: 401, body: { error: 'UnauthorizedError' } });
  });
});

describe('createPrompt', () => {
  it('makes a new prompt with its labels and config, audited under the key', async () => {
    const client = langfuse(keys.editor);
    const created = await client.createPrompt({
      name: 'onboarding/welcome',
      prompt: 'Welcome aboard, {{ name }}!',
      labels: ['staging'],
      config: { model: 'gpt-4o', max_tokens: 200 },
      tags: ['onboarding'],
      commitMessage: 'first welcome',
    });
    expect({ name: created.name, version: created.version, type: created.type, labels: created.labels, tags: created.tags, config: created.config }).toEqual({
      name: 'onboarding/welcome',
      version: 1,
      type: 'text',
      labels: ['staging', 'latest'],
      tags: ['onboarding'],
      config: { model: 'gpt-4o', max_tokens: 200 },
    });
    const { view } = await getVersion('onboarding/welcome', { label: 'staging' });
    expect({ template: view.template, modelConfig: view.modelConfig, commitMessage: view.commitMessage, createdBy: view.createdBy }).toEqual({
      template: 'Welcome aboard, {{ name }}!',
      modelConfig: { model: 'gpt-4o', extra: { max_tokens: 200 } },
      commitMessage: 'first welcome',
      createdBy: 'key:editor',
    });
    const fetched = await client.getPrompt('onboarding/welcome', undefined, { label: 'staging', cacheTtlSeconds: 0 });
    expect(fetched.compile({ name: 'Ada' })).toBe('Welcome aboard, Ada!');
    const audit = await listAuditLog(admin, { entityId: 'onboarding/welcome' });
    expect(audit.data.map((e) => `${e.actorName} ${e.action}`).sort()).toEqual([
      'key:editor label.moved',
      'key:editor prompt.created',
      'key:editor version.created',
    ]);
  });

  it('adds a version to an existing prompt, and `latest` moves with it', async () => {
    const client = langfuse(keys.editor);
    const second = await client.createPrompt({ name: 'onboarding/welcome', prompt: 'Welcome, {{ name }}.', labels: ['latest', 'beta'] });
    expect({ version: second.version, labels: second.labels }).toEqual({ version: 2, labels: ['beta', 'latest'] });
    const staging = await client.getPrompt('onboarding/welcome', undefined, { label: 'staging', cacheTtlSeconds: 0 });
    expect({ version: staging.version, labels: staging.labels }).toEqual({ version: 1, labels: ['staging'] });
  });

  it('makes a chat prompt, in production when the key is an admin', async () => {
    const created = await langfuse(keys.admin).createPrompt({
      name: 'triage',
      type: 'chat',
      prompt: [
        { role: 'system', content: 'Sort tickets for {{ team }}.' },
        { role: 'user', content: '{{ ticket }}' },
      ],
      labels: ['production'],
      config: { temperature: 0 },
    });
    expect({ type: created.type, version: created.version, labels: created.labels, config: created.config }).toEqual({
      type: 'chat',
      version: 1,
      labels: ['production', 'latest'],
      config: { temperature: 0 },
    });
    const fetched = await langfuse(keys.viewer).getPrompt('triage', undefined, { type: 'chat', cacheTtlSeconds: 0 });
    expect(fetched.compile({ team: 'billing', ticket: 'Refund please' })).toEqual([
      { role: 'system', content: 'Sort tickets for billing.' },
      { role: 'user', content: 'Refund please' },
    ]);
  });

  it('keeps `production` for admins: an editor key gets 403 and nothing is written', async () => {
    const error = await langfuse(keys.editor)
      .api.promptsCreate({ name: 'rogue', type: 'text', prompt: 'x', labels: ['production'] })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 403, error: { error: 'ForbiddenError', message: expect.stringContaining('admin') } });
    await expect(getVersion('rogue', { label: 'latest' })).rejects.toThrow('does not exist');
  });

  it('refuses a viewer key', async () => {
    const error = await langfuse(keys.viewer)
      .api.promptsCreate({ name: 'by-viewer', type: 'text', prompt: 'x' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 403, error: { error: 'ForbiddenError' } });
    await expect(getVersion('by-viewer', { label: 'latest' })).rejects.toThrow('does not exist');
  });

  it('refuses what Verso cannot store, naming it', async () => {
    const client = langfuse(keys.editor);
    const placeholder = await client.api
      .promptsCreate({ name: 'with-history', type: 'chat', prompt: [{ type: 'placeholder', name: 'history' }] })
      .catch((e: unknown) => e);
    expect(placeholder).toMatchObject({ status: 400, error: { error: 'InvalidRequestError', message: expect.stringContaining('placeholders') } });
    const role = await client.api
      .promptsCreate({ name: 'odd-role', type: 'chat', prompt: [{ type: 'chatmessage', role: 'critic', content: 'x' }] })
      .catch((e: unknown) => e);
    expect(role).toMatchObject({ status: 400, error: { error: 'InvalidRequestError', message: expect.stringContaining('messages.0.role') } });
    const syntax = await client.api.promptsCreate({ name: 'broken', type: 'text', prompt: 'Hi {% if %}' }).catch((e: unknown) => e);
    expect(syntax).toMatchObject({ status: 400, error: { error: 'InvalidRequestError', details: { line: 1 } } });
    const config = await client.api
      .promptsCreate({ name: 'hot', type: 'text', prompt: 'x', config: { temperature: 'high' } })
      .catch((e: unknown) => e);
    expect(config).toMatchObject({ status: 400, error: { message: expect.stringContaining('modelConfig.temperature') } });
    for (const name of ['with-history', 'odd-role', 'broken', 'hot']) await expect(getVersion(name, { label: 'latest' })).rejects.toThrow('does not exist');
  });
});

describe('listing prompts', () => {
  it('lists names with versions, labels, tags and the last config, by page', async () => {
    const client = langfuse(keys.viewer);
    const all = langfusePromptList.parse(await client.api.promptsList({}));
    expect(all.data.map((p) => p.name)).toEqual(['chat-bot', 'onboarding/welcome', 'shout', REPLY, 'triage']);
    expect(all.meta).toEqual({ page: 1, limit: 50, totalItems: 5, totalPages: 1 });
    expect(all.data.find((p) => p.name === REPLY)).toEqual({
      name: REPLY,
      type: 'text',
      versions: [2, 1],
      labels: ['production', 'staging', 'latest'],
      tags: ['support'],
      lastUpdatedAt: expect.any(String),
      lastConfig: {},
    });
    const second = langfusePromptList.parse(await client.api.promptsList({ page: 2, limit: 2 }));
    expect({ names: second.data.map((p) => p.name), meta: second.meta }).toEqual({
      names: ['shout', REPLY],
      meta: { page: 2, limit: 2, totalItems: 5, totalPages: 3 },
    });
  });

  it('filters by name, label and tag', async () => {
    const client = langfuse(keys.viewer);
    const byLabel = langfusePromptList.parse(await client.api.promptsList({ label: 'staging' }));
    expect(byLabel.data.map((p) => ({ name: p.name, versions: p.versions, labels: p.labels }))).toEqual([
      { name: 'onboarding/welcome', versions: [1], labels: ['staging'] },
      { name: REPLY, versions: [2], labels: ['staging', 'latest'] },
    ]);
    expect(byLabel.data.find((p) => p.name === 'onboarding/welcome')!.lastConfig).toEqual({ model: 'gpt-4o', max_tokens: 200 });
    const byTag = langfusePromptList.parse(await client.api.promptsList({ tag: 'onboarding' }));
    expect(byTag.data.map((p) => p.name)).toEqual(['onboarding/welcome']);
    const byName = langfusePromptList.parse(await client.api.promptsList({ name: 'triage' }));
    expect(byName.data.map((p) => [p.name, p.type])).toEqual([['triage', 'chat']]);
    const none = langfusePromptList.parse(await client.api.promptsList({ name: 'triage', tag: 'onboarding' }));
    expect(none).toEqual({ data: [], meta: { page: 1, limit: 50, totalItems: 0, totalPages: 0 } });
  });

  it('says so when asked for a filter it does not support', async () => {
    const error = await langfuse(keys.viewer)
      .api.promptsList({ fromUpdatedAt: '2026-01-01T00:00:00Z' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, error: { error: 'InvalidRequestError', message: expect.stringContaining('fromUpdatedAt') } });
  });

  it('answers every prompt in the schema of Langfuse', async () => {
    const client = langfuse(keys.viewer);
    for (const name of ['chat-bot', 'onboarding/welcome', 'shout', REPLY, 'triage']) {
      const raw = await client.api.promptsGet({ promptName: encodeURIComponent(name), label: 'latest' });
      expect(langfusePrompt.safeParse(raw).success).toBe(true);
    }
  });
});

describe('updatePrompt (moving labels)', () => {
  it('moves labels onto a version in one go; `production` needs an admin key', async () => {
    const editorClient = langfuse(keys.editor);
    const update = (newLabels: string[]) => editorClient.api.promptVersionUpdate(encodeURIComponent(REPLY), 2, { newLabels }).catch((e: unknown) => e);
    expect(await update(['canary', 'production'])).toMatchObject({ status: 403, error: { error: 'ForbiddenError' } });
    expect(await update(['Canary!'])).toMatchObject({ status: 400, error: { error: 'InvalidRequestError', message: expect.stringContaining('newLabels.0') } });
    // Nothing half-done: `canary` did not move either.
    await expect(getVersion(REPLY, { label: 'canary' })).rejects.toThrow('has no label "canary"');

    const moved = await langfuse(keys.admin).updatePrompt({ name: REPLY, version: 2, newLabels: ['canary', 'production'] });
    expect({ version: moved.version, labels: moved.labels }).toEqual({ version: 2, labels: ['canary', 'production', 'staging', 'latest'] });
    expect((await editorClient.getPrompt(REPLY, undefined, { cacheTtlSeconds: 0 })).version).toBe(2);
    await langfuse(keys.admin).updatePrompt({ name: REPLY, version: 1, newLabels: ['production'] });
    expect((await editorClient.getPrompt(REPLY, undefined, { cacheTtlSeconds: 0 })).version).toBe(1);
  });
});

describe('the v5 client (@langfuse/client)', () => {
  it('gets text and chat prompts by label and version, and compiles them', async () => {
    const client = langfuseV5(keys.viewer);
    const production = await client.prompt.get(REPLY, { cacheTtlSeconds: 0 });
    expect({ version: production.version, labels: production.labels }).toEqual({ version: 1, labels: ['production'] });
    expect(production.compile({ name: 'Ada', product: 'Verso' })).toBe('Hello Ada, welcome to Verso.');
    expect((await client.prompt.get(REPLY, { label: 'staging', cacheTtlSeconds: 0 })).compile({ name: 'Ada', product: 'Verso' })).toBe('Hi Ada! (Verso)');
    expect((await client.prompt.get(REPLY, { version: 2, cacheTtlSeconds: 0 })).version).toBe(2);
    const chat = await client.prompt.get('chat-bot', { type: 'chat', cacheTtlSeconds: 0 });
    expect(chat.compile({ product: 'Verso', question: 'Hi?' })).toEqual([
      { role: 'system', content: 'You support Verso customers.' },
      { role: 'user', content: 'Hi?' },
    ]);
  });

  it('creates a prompt and lists it', async () => {
    const created = await langfuseV5(keys.editor).prompt.create({ name: 'v5/hello', prompt: 'Hello {{ who }}', labels: ['staging'], config: { model: 'gpt-4o' } });
    expect({ version: created.version, labels: created.labels, text: created.compile({ who: 'world' }) }).toEqual({
      version: 1,
      labels: ['staging', 'latest'],
      text: 'Hello world',
    });
    const listed = await langfuseV5(keys.viewer).api.prompts.list({ name: 'v5/hello' });
    expect(listed.data).toEqual([
      { name: 'v5/hello', type: 'text', versions: [1], labels: ['staging', 'latest'], tags: [], lastUpdatedAt: expect.any(String), lastConfig: { model: 'gpt-4o' } },
    ]);
  });

  it('throws its NotFoundError for an unknown prompt, and falls back when given one', async () => {
    const client = langfuseV5(keys.viewer);
    await expect(client.prompt.get('nope', { maxRetries: 0 })).rejects.toMatchObject({ statusCode: 404, body: { message: 'Prompt "nope" does not exist.' } });
    const fallback = await client.prompt.get('nope', { fallback: 'Hi {{name}}', maxRetries: 0 });
    expect({ isFallback: fallback.isFallback, text: fallback.compile({ name: 'Ada' }) }).toEqual({ isFallback: true, text: 'Hi Ada' });
  });

  it('throws its UnauthorizedError for a wrong secret key', async () => {
    await expect(langfuseV5('sk-lf-wrong').prompt.get(REPLY, { maxRetries: 0 })).rejects.toMatchObject({ statusCode: 401 });
  });
});
