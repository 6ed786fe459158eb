import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVersion } from '@/lib/prompts/registry';
import { newVersionInput } from '@/lib/prompts/schemas';
import { editor } from '../support/actors';
import { withApiKeys } from '../support/api';
import { startAppServer, type AppServer } from '../support/app-server';
import { withTestDatabase } from '../support/db';
import { executionRow, givenExperiment } from '../support/experiments';
import { countPromptTokens, countTokens } from '../support/fake-openai';
import { FAKE_OPENAI_KEY, givenModelPrompt, setEnv, withFakeOpenAI } from '../support/model-env';

// The OpenAI-compatible gateway as an application meets it: the official `openai` client
// pointed at Verso over real HTTP, Verso's AI SDK client pointed at a fake OpenAI.

withTestDatabase();
const keys = withApiKeys();
const fake = withFakeOpenAI();

let server: AppServer;
const client = (apiKey: string) => new OpenAI({ apiKey, baseURL: `${server.url}/api/v1`, maxRetries: 0 });
// Verso's own fields (variables, session_id) ride along in the request body.
type VersoRequest = OpenAI.ChatCompletionCreateParamsNonStreaming & { variables?: Record<string, unknown>; session_id?: string };
type VersoStreamRequest = OpenAI.ChatCompletionCreateParamsStreaming & { variables?: Record<string, unknown> };

const support = {
  messages: [
    { role: 'system', content: 'You support {{ product }} customers.' },
    { role: 'user', content: 'My tier is {{ tier }}.' },
  ],
  variables: [{ name: 'product' }, { name: 'tier' }],
  modelConfig: { provider: 'openai', model: 'gpt-4o-mini', temperature: 0.2 },
};
const variables = { product: 'Acme', tier: 'gold' };
const rendered = [
  { role: 'system', content: 'You support Acme customers.' },
  { role: 'user', content: 'My tier is gold.' },
];
const question = { role: 'user' as const, content: 'Where is my parcel?' };

beforeAll(async () => {
  server = await startAppServer();
  await givenModelPrompt('gw/support', support);
  await createVersion(
    editor,
    'gw/support',
    newVersionInput.parse({ ...support, messages: [{ role: 'system', content: 'You are the staging assistant for {{ product }}.' }], labels: ['staging'] }),
  );
});
afterAll(async () => {
  await server?.close();
});

describe('serving a prompt', () => {
  it("answers a chat.completion with the prompt's messages first and the request's after", async () => {
    fake.enqueue({ promptTokens: 1000, completionTokens: 2000 });
    const { data, response } = await client(keys.service)
      .chat.completions.create({ model: 'prompt:gw/support', messages: [question], variables, user: 'u1', session_id: 'chat-9' } as VersoRequest)
      .withResponse();

    expect(data.object).toBe('chat.completion');
    expect(data.model).toBe('gpt-4o-mini');
    expect(data.choices).toHaveLength(1);
    expect(data.choices[0]).toMatchObject({ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'echo: Where is my parcel?' } });
    expect(data.usage).toEqual({ prompt_tokens: 1000, completion_tokens: 2000, total_tokens: 3000 });

    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]!.body.messages).toEqual([...rendered, question]);
    expect(fake.requests[0]!.body).toMatchObject({ model: 'gpt-4o-mini', temperature: 0.2 });
    expect(fake.requests[0]!.headers.authorization).toBe(`Bearer ${FAKE_OPENAI_KEY}`);

    const executionId = response.headers.get('x-verso-execution-id')!;
    expect(data.id).toBe(`chatcmpl-${executionId}`);
    expect(response.headers.get('x-verso-version')).toBe('1');
    expect(response.headers.get('x-verso-variant')).toBeNull();
    // Seeded price of gpt-4o-mini: 1000 × 0.15 + 2000 × 0.60 = 1350 USD per million tokens.
    expect(await executionRow(executionId)).toMatchObject({
      source: 'gateway',
      status: 'success',
      promptName: 'gw/support',
      version: 1,
      label: 'production',
      unitId: 'u1',
      sessionId: 'chat-9',
      variables,
      messages: [...rendered, question],
      provider: 'openai',
      model: 'gpt-4o-mini',
      inputTokens: 1000,
      outputTokens: 2000,
      costUsd: '0.0013500000',
      output: 'echo: Where is my parcel?',
    });
  });

  it("counts usage as the provider reports it, and lets the request's parameters override the version's", async () => {
    const data = await client(keys.service).chat.completions.create({
      model: 'prompt:gw/support',
      messages: [question],
      variables,
      temperature: 0.9,
      max_tokens: 64,
    } as VersoRequest);
    const sent = [...rendered, question];
    expect(data.usage).toMatchObject({ prompt_tokens: countPromptTokens(sent), completion_tokens: countTokens('echo: Where is my parcel?') });
    expect(fake.requests[0]!.body).toMatchObject({ temperature: 0.9, max_tokens: 64 });
  });

  it('serves the label named after @', async () => {
    const { data, response } = await client(keys.service)
      .chat.completions.create({ model: 'prompt:gw/support@staging', messages: [question], variables } as VersoRequest)
      .withResponse();
    expect(response.headers.get('x-verso-version')).toBe('2');
    expect(fake.requests[0]!.body.messages).toEqual([{ role: 'system', content: 'You are the staging assistant for Acme.' }, question]);
    expect(data.choices[0]!.message.content).toBe('echo: Where is my parcel?');
    expect(await executionRow(response.headers.get('x-verso-execution-id')!)).toMatchObject({ version: 2, label: 'staging', source: 'gateway' });
  });

  it("names the unit's variant in a header when an experiment runs", async () => {
    await givenModelPrompt('gw/exp', { template: 'Pitch v1 to {{ who }}', modelConfig: { provider: 'openai', model: 'gpt-4o-mini' } });
    await createVersion(editor, 'gw/exp', newVersionInput.parse({ template: 'Pitch v2 to {{ who }}', modelConfig: { provider: 'openai', model: 'gpt-4o-mini' } }));
    await givenExperiment('gw-pitch', 'gw/exp', {}, { start: true });
    const seen = new Set<string>();
    for (let i = 0; i < 40 && seen.size < 2; i++) {
      fake.reset();
      const { data, response } = await client(keys.service)
        .chat.completions.create({ model: 'prompt:gw/exp', messages: [], variables: { who: 'Ada' }, user: `user-${i}` } as VersoRequest)
        .withResponse();
      const row = await executionRow(response.headers.get('x-verso-execution-id')!);
      const variant = response.headers.get('x-verso-variant')!;
      seen.add(variant);
      expect(row).toMatchObject({ variant, unitId: `user-${i}`, source: 'gateway' });
      expect(response.headers.get('x-verso-version')).toBe(String(row!.version));
      expect(data.choices[0]!.message.content).toBe(`echo: Pitch v${row!.version} to Ada`);
    }
    expect([...seen].sort()).toEqual(['b', 'control']);
  });
});

describe('streaming', () => {
  it('streams chat.completion.chunks the official client reassembles, with usage last', async () => {
    const { data: stream, response } = await client(keys.service)
      .chat.completions.create({
        model: 'prompt:gw/support',
        messages: [question],
        variables,
        stream: true,
        stream_options: { include_usage: true },
      } as VersoStreamRequest)
      .withResponse();
    const executionId = response.headers.get('x-verso-execution-id')!;
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    let pieces = 0;
    let finish: string | null = null;
    for await (const chunk of stream) {
      expect(chunk.object).toBe('chat.completion.chunk');
      expect(chunk.id).toBe(`chatcmpl-${executionId}`);
      const content = chunk.choices[0]?.delta.content;
      if (content) (text += content), pieces++;
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    const sent = [...rendered, question];
    expect(text).toBe('echo: Where is my parcel?');
    expect(pieces).toBeGreaterThan(1);
    expect(finish).toBe('stop');
    expect(usage).toEqual({ prompt_tokens: countPromptTokens(sent), completion_tokens: 5, total_tokens: countPromptTokens(sent) + 5 });
    expect(fake.requests[0]!.body).toMatchObject({ stream: true, messages: sent });
    expect(await executionRow(executionId)).toMatchObject({ source: 'gateway', status: 'success', output: text, outputTokens: 5 });
  });

  it('delivers the first chunk while the model is still answering', async () => {
    const undo = setEnv({ VERSO_MODEL_TIMEOUT_MS: '2000', VERSO_MODEL_MAX_RETRIES: '0' });
    try {
      fake.enqueue({ hang: true });
      const { data: stream, response } = await client(keys.service)
        .chat.completions.create({ model: 'prompt:gw/support', messages: [question], variables, stream: true } as VersoStreamRequest)
        .withResponse();
      const chunks = stream[Symbol.asyncIterator]();
      const first = await chunks.next();
      expect(first.value?.choices[0]?.delta.role).toBe('assistant');
      // The provider has not answered yet (it never will): the run is still open.
      const executionId = response.headers.get('x-verso-execution-id')!;
      expect(await executionRow(executionId)).toMatchObject({ status: 'resolved' });
      await expect(chunks.next()).rejects.toThrow(/did not answer within 2000 ms/);
      expect(await executionRow(executionId)).toMatchObject({ status: 'timeout' });
    } finally {
      undo();
    }
  });

  it('raises the provider failure in the stream as an APIError, and records it', async () => {
    fake.setDefault({ status: 500, message: 'Upstream melted.' });
    const { data: stream, response } = await client(keys.service)
      .chat.completions.create({ model: 'prompt:gw/support', messages: [question], variables, stream: true } as VersoStreamRequest)
      .withResponse();
    const read = async () => {
      for await (const chunk of stream) void chunk;
    };
    await expect(read()).rejects.toThrow(/Upstream melted\./);
    expect(await executionRow(response.headers.get('x-verso-execution-id')!)).toMatchObject({ status: 'error' });
  });
});

describe('proxy mode', () => {
  it('passes a plain model to its provider as is, and records and prices the call', async () => {
    fake.enqueue({ promptTokens: 1000, completionTokens: 2000 });
    const messages = [
      { role: 'system' as const, content: 'Be brief.' },
      { role: 'user' as const, content: 'Hello there' },
    ];
    const { data, response } = await client(keys.service).chat.completions.create({ model: 'gpt-4o-mini', messages, user: 'u5' }).withResponse();
    expect(data.choices[0]!.message.content).toBe('echo: Hello there');
    expect(data.model).toBe('gpt-4o-mini');
    expect(fake.requests[0]!.body).toMatchObject({ model: 'gpt-4o-mini', messages });
    expect(response.headers.get('x-verso-version')).toBeNull();
    expect(await executionRow(response.headers.get('x-verso-execution-id')!)).toMatchObject({
      source: 'proxy',
      status: 'success',
      promptName: null,
      promptId: null,
      version: null,
      unitId: 'u5',
      provider: 'openai',
      model: 'gpt-4o-mini',
      messages,
      costUsd: '0.0013500000',
    });
  });

  it('routes `openai-compatible/<model>` to the OpenAI-compatible provider', async () => {
    const undo = setEnv({ OPENAI_COMPATIBLE_BASE_URL: fake.url, OPENAI_COMPATIBLE_API_KEY: 'local-server-key' });
    try {
      const { data, response } = await client(keys.service)
        .chat.completions.create({ model: 'openai-compatible/some-local-model', messages: [question] })
        .withResponse();
      expect(data.choices[0]!.message.content).toBe('echo: Where is my parcel?');
      // Its own key, not OpenAI's: the request went through the openai-compatible provider.
      expect(fake.requests[0]!.headers.authorization).toBe('Bearer local-server-key');
      expect(fake.requests[0]!.body.model).toBe('some-local-model');
      expect(await executionRow(response.headers.get('x-verso-execution-id')!)).toMatchObject({
        source: 'proxy',
        provider: 'openai-compatible',
        model: 'some-local-model',
        // Not in the catalog: the cost is unknown, not zero.
        costUsd: null,
      });
    } finally {
      undo();
    }
  });
});

describe('errors, as the official client raises them', () => {
  it('401 AuthenticationError for a key Verso never issued, or none at all', async () => {
    const call = client('vrs_not-a-key-anyone-was-given').chat.completions.create({ model: 'prompt:gw/support', messages: [question] });
    await expect(call).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    const bare = await fetch(`${server.url}/api/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'prompt:gw/support', messages: [question] }),
    });
    expect(bare.status).toBe(401);
    expect(fake.requests).toHaveLength(0);
  });

  it('404 NotFoundError for a prompt that does not exist', async () => {
    const call = client(keys.service).chat.completions.create({ model: 'prompt:gw/nowhere', messages: [question] });
    await expect(call).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(call).rejects.toThrow(/Prompt "gw\/nowhere" does not exist/);
  });

  it('400 BadRequestError for tools, which the gateway cannot honour', async () => {
    const call = client(keys.service).chat.completions.create({
      model: 'prompt:gw/support',
      messages: [question],
      variables,
      tools: [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: {} } } }],
    } as VersoRequest);
    await expect(call).rejects.toBeInstanceOf(OpenAI.BadRequestError);
    await expect(call).rejects.toThrow(/tools are not supported/);
    expect(fake.requests).toHaveLength(0);
  });

  it('422 UnprocessableEntityError naming a missing variable', async () => {
    const call = client(keys.service).chat.completions.create({ model: 'prompt:gw/support', messages: [question], variables: { product: 'Acme' } } as VersoRequest);
    await expect(call).rejects.toBeInstanceOf(OpenAI.UnprocessableEntityError);
    await expect(call).rejects.toThrow(/tier/);
  });
});
