import OpenAI, { APIConnectionError, APIError } from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { countTokens, startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai';

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const client = (maxRetries = 0) => new OpenAI({ apiKey: 'test-key', baseURL: fake.url, maxRetries });
const messages = [
  { role: 'system' as const, content: 'You answer briefly.' },
  { role: 'user' as const, content: 'What is the capital of France?' },
];
// The documented rule: words across all messages (3 + 6), words of the reply.
const reply = 'echo: What is the capital of France?';
const usage = { prompt_tokens: 9, completion_tokens: 7, total_tokens: 16 };

describe('the fake OpenAI server, through the official client', () => {
  it('counts tokens as whitespace-separated words', () => {
    expect(countTokens('  What is\tthe\ncapital ')).toBe(4);
    expect(countTokens('   ')).toBe(0);
  });

  it('echoes the last user message with deterministic usage', async () => {
    const completion = await client().chat.completions.create({ model: 'gpt-4o-mini', messages });
    expect(completion.object).toBe('chat.completion');
    expect(completion.id).toMatch(/^chatcmpl-/);
    expect(completion.model).toBe('gpt-4o-mini');
    expect(completion.choices[0]!.message).toMatchObject({ role: 'assistant', content: reply });
    expect(completion.choices[0]!.finish_reason).toBe('stop');
    expect(completion.usage).toEqual(usage);
    expect(usage.completion_tokens).toBe(countTokens(reply));
  });

  it('joins the text parts of a multi-part user message', async () => {
    const completion = await client().chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'first part' }, { type: 'text', text: 'second' }] }],
    });
    expect(completion.choices[0]!.message.content).toBe('echo: first part second');
    expect(completion.usage).toEqual({ prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 });
  });

  it('streams the same reply in several chunks and ends with usage', async () => {
    const stream = await client().chat.completions.create({
      model: 'gpt-4o-mini',
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
    expect(text).toBe(reply);
    expect(chunks.filter((chunk) => chunk.choices[0]?.delta.content).length).toBeGreaterThan(2);
    expect(chunks[0]!.choices[0]!.delta.role).toBe('assistant');
    expect(chunks.at(-2)!.choices[0]!.finish_reason).toBe('stop');
    expect(chunks.at(-1)!.choices).toEqual([]);
    expect(chunks.at(-1)!.usage).toEqual(usage);
  });

  it('sends no usage chunk unless the client asks for it', async () => {
    const stream = await client().chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.at(-1)!.choices[0]!.finish_reason).toBe('stop');
    expect(chunks.every((chunk) => chunk.usage == null)).toBe(true);
  });

  it('answers an enqueued 429 as an APIError carrying Retry-After', async () => {
    fake.enqueue({ status: 429, message: 'slow down', retryAfter: 0 });
    const error = await client(0).chat.completions.create({ model: 'gpt-4o-mini', messages }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(429);
    expect((error as APIError).message).toContain('slow down');
    expect((error as APIError).headers?.get('retry-after')).toBe('0');
  });

  it('uses an enqueued behaviour once, so a retry gets the default reply', async () => {
    fake.enqueue({ status: 429, retryAfter: 0 });
    const completion = await client(1).chat.completions.create({ model: 'gpt-4o-mini', messages });
    expect(completion.choices[0]!.message.content).toBe(reply);
    expect(fake.requests).toHaveLength(2);
  });

  it('consumes scripted replies in order, then goes back to the default', async () => {
    fake.enqueue({ reply: 'one', promptTokens: 100, completionTokens: 5 }, { status: 500 });
    fake.setDefault({ reply: 'fixed answer' });
    const first = await client().chat.completions.create({ model: 'm', messages });
    expect(first.choices[0]!.message.content).toBe('one');
    expect(first.usage).toEqual({ prompt_tokens: 100, completion_tokens: 5, total_tokens: 105 });
    await expect(client().chat.completions.create({ model: 'm', messages })).rejects.toMatchObject({ status: 500 });
    const third = await client().chat.completions.create({ model: 'm', messages });
    expect(third.choices[0]!.message.content).toBe('fixed answer');
  });

  it('records each request with its path, headers and body', async () => {
    await client().chat.completions.create({ model: 'gpt-4o-mini', messages, temperature: 0.2 });
    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    expect(request!.path).toBe('/v1/chat/completions');
    expect(request!.headers.authorization).toBe('Bearer test-key');
    expect(request!.body).toMatchObject({ model: 'gpt-4o-mini', messages, temperature: 0.2 });
  });

  it('serves the path without /v1 too, and refuses bad JSON and unknown routes', async () => {
    const base = fake.url.replace(/\/v1$/, '');
    const ok = await fetch(`${base}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'x', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(ok.status).toBe(200);
    expect((await ok.json()).choices[0].message.content).toBe('echo: hi');
    const bad = await fetch(`${fake.url}/chat/completions`, { method: 'POST', body: '{not json' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.type).toBe('invalid_request_error');
    const missing = await fetch(`${fake.url}/embeddings`, { method: 'POST', body: '{}' });
    expect(missing.status).toBe(404);
    expect((await missing.json()).error).toHaveProperty('message');
  });

  it('lists models', async () => {
    const models = [];
    for await (const model of client().models.list()) models.push(model.id);
    expect(models).toContain('gpt-4o-mini');
  });

  it('closes promptly with a request hanging and survives a client that gives up', async () => {
    const other = await startFakeOpenAI();
    other.enqueue({ delayMs: 60_000 }, { hang: true });
    const impatient = new OpenAI({ apiKey: 'k', baseURL: other.url, maxRetries: 0, timeout: 50 });
    await expect(impatient.chat.completions.create({ model: 'm', messages })).rejects.toThrow(/timed out/i);
    const hanging = new OpenAI({ apiKey: 'k', baseURL: other.url, maxRetries: 0 })
      .chat.completions.create({ model: 'm', messages })
      .catch((e: unknown) => e);
    await vi.waitFor(() => expect(other.requests).toHaveLength(2));
    await other.close();
    expect(await hanging).toBeInstanceOf(APIConnectionError);
  });
});

