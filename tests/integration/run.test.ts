import { beforeAll, describe, expect, it } from 'vitest';
import { runSummary } from '@/lib/executions/views';
import { createModel } from '@/lib/models/catalog';
import { newModelInput } from '@/lib/models/schemas';
import { admin } from '../support/actors';
import { callApi, withApiKeys } from '../support/api';
import { withTestDatabase } from '../support/db';
import { parseEventStream } from '../support/event-stream';
import { executionRow, givenExperiment } from '../support/experiments';
import { countPromptTokens, countTokens } from '../support/fake-openai';
import { FAKE_OPENAI_KEY, givenModelPrompt, withFakeOpenAI } from '../support/model-env';

// POST /prompts/{name}/run against the real AI SDK client and a fake OpenAI on 127.0.0.1:
// the answer, its usage and exact cost, what the provider was sent, and the execution row.

withTestDatabase();
const keys = withApiKeys();
const fake = withFakeOpenAI();

const run = (name: string, body: Record<string, unknown>) => callApi('runPrompt', { key: keys.service, params: { name }, body });

// A catalog model with prices that use all ten decimals, so a float anywhere would show.
const testModel = { provider: 'openai', model: 'verso-test-model', temperature: 0.3, maxTokens: 200 };

beforeAll(async () => {
  await createModel(admin, newModelInput.parse({ provider: 'openai', model: 'verso-test-model', inputPerMillion: '0.1234567891', outputPerMillion: '2.9876543219' }));
  await givenModelPrompt('support/reply', {
    template: 'Answer {{ customer }} about {{ topic }}',
    variables: [{ name: 'customer' }, { name: 'topic' }],
    modelConfig: testModel,
  });
});

const vars = { customer: 'Ada', topic: 'refunds' };
const sent = [{ role: 'user', content: 'Answer Ada about refunds' }];

describe('a text prompt', () => {
  it('answers with the output, usage, latency and cost, and records the run', async () => {
    const res = await run('support/reply', { unitId: 'u1', sessionId: 's-1', variables: vars, metadata: { page: '/help' } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const body = runSummary.strict().parse(res.body);
    const output = 'echo: Answer Ada about refunds';
    // The fake counts words: 4 in the prompt, 5 in the echo.
    const usage = { inputTokens: countPromptTokens(sent), outputTokens: countTokens(output) };
    expect(usage).toEqual({ inputTokens: 4, outputTokens: 5 });
    // 4 × 0.1234567891 + 5 × 2.9876543219 = 15.4320987659 per million tokens.
    expect(body).toEqual({
      executionId: body.executionId,
      experiment: null,
      name: 'support/reply',
      version: 1,
      output,
      usage,
      latencyMs: body.latencyMs,
      costUsd: '0.0000154321',
      traceId: null,
    });
    expect(body.latencyMs).toBeGreaterThanOrEqual(0);

    expect(await executionRow(body.executionId)).toMatchObject({
      status: 'success',
      source: 'run',
      promptName: 'support/reply',
      version: 1,
      label: 'production',
      unitId: 'u1',
      sessionId: 's-1',
      variables: vars,
      metadata: { page: '/help' },
      messages: sent,
      provider: 'openai',
      model: 'verso-test-model',
      inputTokens: 4,
      outputTokens: 5,
      costUsd: '0.0000154321',
      latencyMs: body.latencyMs,
      output,
      error: null,
    });
    expect((await executionRow(body.executionId))!.completedAt).not.toBeNull();
  });

  it("sends the rendered prompt with the version's model, temperature and max tokens", async () => {
    await run('support/reply', { variables: vars });
    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    expect(request!.path).toBe('/v1/chat/completions');
    expect(request!.headers.authorization).toBe(`Bearer ${FAKE_OPENAI_KEY}`);
    expect(request!.body).toMatchObject({ model: 'verso-test-model', messages: sent, temperature: 0.3, max_tokens: 200 });
  });

  it("costs the provider's token counts at the catalog's prices, exactly", async () => {
    fake.enqueue({ reply: 'Refunds take five days.', promptTokens: 1234, completionTokens: 567 });
    const res = await run('support/reply', { variables: vars });
    const body = runSummary.parse(res.body);
    // 1234 × 0.1234567891 = 152.3456777494 and 567 × 2.9876543219 = 1694.0000005173; their sum,
    // 1846.3456782667 per million, is 0.0018463456|782667 USD, rounded half up at the tenth decimal.
    expect(body).toMatchObject({ output: 'Refunds take five days.', usage: { inputTokens: 1234, outputTokens: 567 }, costUsd: '0.0018463457' });
    expect(await executionRow(body.executionId)).toMatchObject({ inputTokens: 1234, outputTokens: 567, costUsd: '0.0018463457' });
  });

  it('records no cost when the catalog does not know the model', async () => {
    await givenModelPrompt('support/uncatalogued', { template: 'Hello {{ who }}', modelConfig: { provider: 'openai', model: 'not-in-the-catalog' } });
    const body = runSummary.parse((await run('support/uncatalogued', { variables: { who: 'you' } })).body);
    expect(body).toMatchObject({ output: 'echo: Hello you', costUsd: null });
    expect(fake.requests[0]!.body.model).toBe('not-in-the-catalog');
    expect(await executionRow(body.executionId)).toMatchObject({ status: 'success', costUsd: null, inputTokens: 2, outputTokens: 3 });
  });
});

describe('a chat prompt', () => {
  it('sends its rendered messages, in order', async () => {
    await givenModelPrompt('support/chat', {
      messages: [
        { role: 'system', content: 'You are a {{ tone }} assistant.' },
        { role: 'assistant', content: 'How can I help?' },
        { role: 'user', content: 'Summarise: {{ text }}' },
      ],
      modelConfig: { provider: 'openai', model: 'gpt-4o-mini' },
    });
    const res = await run('support/chat', { variables: { tone: 'terse', text: 'the order shipped late' } });
    const body = runSummary.parse(res.body);
    const messages = [
      { role: 'system', content: 'You are a terse assistant.' },
      { role: 'assistant', content: 'How can I help?' },
      { role: 'user', content: 'Summarise: the order shipped late' },
    ];
    expect(fake.requests[0]!.body.messages).toEqual(messages);
    expect(body.output).toBe('echo: Summarise: the order shipped late');
    expect(body.usage).toEqual({ inputTokens: countPromptTokens(messages), outputTokens: countTokens(body.output) });
    expect(await executionRow(body.executionId)).toMatchObject({ status: 'success', messages, model: 'gpt-4o-mini' });
  });
});

describe('in an experiment', () => {
  it("calls the model of the unit's variant: same prompt, different model", async () => {
    await givenModelPrompt('support/models', { template: 'Help {{ customer }}', modelConfig: { provider: 'openai', model: 'gpt-4o-mini', temperature: 0.5 } });
    await givenExperiment(
      'bigger-model',
      'support/models',
      { variants: [{ key: 'control', version: 1, control: true }, { key: 'bigger', version: 1, modelConfig: { model: 'gpt-4o' } }] },
      { start: true },
    );
    fake.setDefault({ reply: 'ok', promptTokens: 1000, completionTokens: 100 });
    // Seeded prices: gpt-4o-mini 0.15 / 0.60 and gpt-4o 2.50 / 10.00 per million tokens.
    const expected = {
      control: { model: 'gpt-4o-mini', costUsd: '0.0002100000' }, // 1000 × 0.15 + 100 × 0.60 = 210
      bigger: { model: 'gpt-4o', costUsd: '0.0035000000' }, // 1000 × 2.50 + 100 × 10.00 = 3500
    };
    const seen = new Set<string>();
    for (let i = 0; i < 40 && seen.size < 2; i++) {
      const body = runSummary.parse((await run('support/models', { unitId: `unit-${i}`, variables: { customer: 'Ada' } })).body);
      const variant = body.experiment!.variant as keyof typeof expected;
      seen.add(variant);
      const request = fake.requests.at(-1)!;
      expect(request.body.model, `unit-${i} in ${variant}`).toBe(expected[variant].model);
      // The variant's override replaces the model only: the version's temperature still applies.
      expect(request.body.temperature).toBe(0.5);
      expect(body.costUsd).toBe(expected[variant].costUsd);
      expect(await executionRow(body.executionId)).toMatchObject({ variant, model: expected[variant].model, costUsd: expected[variant].costUsd, source: 'run' });
    }
    expect([...seen].sort()).toEqual(['bigger', 'control']);
  });
});

describe('streaming', () => {
  it('sends a start event, the text as deltas, and a summary equal to the JSON answer', async () => {
    const res = await run('support/reply', { unitId: 'u2', variables: vars, stream: true });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = parseEventStream(res.body);
    const [start, ...rest] = events;
    const summary = rest.pop()!;
    expect(start!.event).toBe('start');
    expect(summary.event).toBe('summary');
    expect(rest.every((e) => e.event === 'delta')).toBe(true);

    const output = 'echo: Answer Ada about refunds';
    // The fake streams a word at a time; the deltas put the answer back together.
    expect(rest.length).toBeGreaterThan(1);
    expect(rest.map((e) => e.data.text).join('')).toBe(output);

    const body = runSummary.strict().parse(summary.data);
    expect(start!.data).toEqual({ executionId: body.executionId, experiment: null, name: 'support/reply', version: 1, traceId: null });
    expect(body).toEqual({ ...start!.data, output, usage: { inputTokens: 4, outputTokens: 5 }, latencyMs: body.latencyMs, costUsd: '0.0000154321' });
    expect(fake.requests[0]!.body).toMatchObject({ stream: true, model: 'verso-test-model', messages: sent });
    expect(await executionRow(body.executionId)).toMatchObject({
      status: 'success',
      source: 'run',
      unitId: 'u2',
      output,
      inputTokens: 4,
      outputTokens: 5,
      costUsd: '0.0000154321',
      latencyMs: body.latencyMs,
    });
  });
});
