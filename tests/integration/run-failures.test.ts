import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { executions } from '@/db/schema';
import { errorBody } from '@/lib/api/openapi';
import { runSummary } from '@/lib/executions/views';
import { callApi, expectError, withApiKeys } from '../support/api';
import { withTestDatabase } from '../support/db';
import { parseEventStream } from '../support/event-stream';
import { givenModelPrompt, setEnv, withEnvEach, withFakeOpenAI } from '../support/model-env';
import { leavesDatabaseAsItWas } from '../support/snapshot';

// A provider's bad days, as `run` answers them: 429 and 5xx retried, other errors not, slow
// answers cut off; the execution row kept with its status and error whatever happened, and
// nothing written when the call cannot even start.

withTestDatabase();
const keys = withApiKeys();
const fake = withFakeOpenAI();
withEnvEach({ VERSO_MODEL_MAX_RETRIES: '2', VERSO_MODEL_RETRY_BASE_MS: '5', VERSO_MODEL_TIMEOUT_MS: '1000' });

let counter = 0;
/** A prompt of its own per test, so that its execution rows are the test's alone. */
const givenRunnable = () =>
  givenModelPrompt(`fail/p${++counter}`, { template: 'Say {{ word }}', modelConfig: { provider: 'openai', model: 'gpt-4o-mini' } });

const run = (name: string, body: Record<string, unknown> = { variables: { word: 'hi' } }) => callApi('runPrompt', { key: keys.service, params: { name }, body });
const rowsOf = (name: string) => getDb().select().from(executions).where(eq(executions.promptName, name)).orderBy(asc(executions.createdAt));

describe('retries', () => {
  it('retries a 429 that says Retry-After: 0, and answers 200', async () => {
    const name = await givenRunnable();
    fake.enqueue({ status: 429, retryAfter: 0 });
    const res = await run(name);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(runSummary.parse(res.body).output).toBe('echo: Say hi');
    expect(fake.requests).toHaveLength(2);
    const rows = await rowsOf(name);
    expect(rows.map((r) => r.status)).toEqual(['success']);
  });

  it('gives up after the retries with 502, the provider\'s message, and an error row', async () => {
    const name = await givenRunnable();
    fake.enqueue(...Array.from({ length: 3 }, () => ({ status: 500 as const, message: 'The fake provider is on fire.' })));
    const res = await run(name);
    const error = expectError(res, 502, 'provider_error');
    expect(error.message).toMatch(/openai\/gpt-4o-mini failed with 500/);
    expect(error.message).toContain('The fake provider is on fire.');
    // One attempt and VERSO_MODEL_MAX_RETRIES = 2 retries.
    expect(fake.requests).toHaveLength(3);
    const [row] = await rowsOf(name);
    expect(row).toMatchObject({ status: 'error', source: 'run', provider: 'openai', model: 'gpt-4o-mini', output: null, costUsd: null, error: error.message });
    expect(row!.error).toContain('The fake provider is on fire.');
    expect(row!.completedAt).not.toBeNull();
    // The answer names the execution it recorded, so the failure can be looked up.
    expect(error.details).toMatchObject({ provider: 'openai', model: 'gpt-4o-mini', status: 500, executionId: row!.id });
  });

  it('retries as many times as VERSO_MODEL_MAX_RETRIES says', async () => {
    const undo = setEnv({ VERSO_MODEL_MAX_RETRIES: '0' });
    try {
      const name = await givenRunnable();
      fake.enqueue({ status: 503 }, { status: 503 });
      expectError(await run(name), 502, 'provider_error');
      expect(fake.requests).toHaveLength(1);
    } finally {
      undo();
    }
  });

  it('does not retry a 400: the same request would fail again', async () => {
    const name = await givenRunnable();
    fake.enqueue({ status: 400, message: "Invalid value for 'temperature'." });
    const error = expectError(await run(name), 502, 'provider_error');
    expect(error.message).toContain("Invalid value for 'temperature'.");
    expect(fake.requests).toHaveLength(1);
    expect((await rowsOf(name)).map((r) => r.status)).toEqual(['error']);
  });

  it('does not wait for a Retry-After longer than the cap', async () => {
    const name = await givenRunnable();
    fake.enqueue({ status: 429, retryAfter: 3600, message: 'Slow down.' });
    const error = expectError(await run(name), 502, 'provider_error');
    expect(error.message).toContain('Slow down.');
    expect(fake.requests).toHaveLength(1);
  });
});

describe('timeouts', () => {
  it('cuts off a provider slower than VERSO_MODEL_TIMEOUT_MS on every attempt: 504 and a timeout row', async () => {
    const name = await givenRunnable();
    fake.setDefault({ delayMs: 10_000 });
    const error = expectError(await run(name), 504, 'provider_timeout');
    expect(error.message).toMatch(/openai\/gpt-4o-mini did not answer within 1000 ms/);
    expect(fake.requests).toHaveLength(3);
    const [row] = await rowsOf(name);
    expect(row).toMatchObject({ status: 'timeout', output: null, error: error.message });
  });

  it('succeeds when only the first attempt is slow', async () => {
    const name = await givenRunnable();
    fake.enqueue({ delayMs: 10_000 });
    const res = await run(name);
    expect(res.status).toBe(200);
    expect(fake.requests).toHaveLength(2);
    expect((await rowsOf(name)).map((r) => r.status)).toEqual(['success']);
  });
});

describe('refused before any call', () => {
  it('answers 424 naming OPENAI_API_KEY when the provider has no key, and writes nothing', async () => {
    const name = await givenRunnable();
    const undo = setEnv({ OPENAI_API_KEY: undefined });
    try {
      const res = await leavesDatabaseAsItWas(() => run(name));
      expect(expectError(res, 424, 'provider_not_configured').message).toContain('OPENAI_API_KEY');
      const streamed = await leavesDatabaseAsItWas(() => run(name, { variables: { word: 'hi' }, stream: true }));
      expect(expectError(streamed, 424, 'provider_not_configured').message).toContain('OPENAI_API_KEY');
    } finally {
      undo();
    }
    expect(fake.requests).toHaveLength(0);
  });

  it('answers 400 for a version whose model config names no model, and writes nothing', async () => {
    await givenModelPrompt('fail/no-model', { template: 'Say {{ word }}' });
    const res = await leavesDatabaseAsItWas(() => run('fail/no-model'));
    expect(expectError(res, 400, 'invalid').message).toMatch(/Version 1 of "fail\/no-model" names no model/);
    expect(fake.requests).toHaveLength(0);
  });

  it('answers 400 for a provider Verso does not know, and writes nothing', async () => {
    await givenModelPrompt('fail/bad-provider', { template: 'Say {{ word }}', modelConfig: { provider: 'mistral', model: 'large' } });
    const res = await leavesDatabaseAsItWas(() => run('fail/bad-provider'));
    expect(expectError(res, 400, 'invalid').message).toMatch(/Unknown provider "mistral"/);
  });

  it('answers 404 for a prompt that does not exist', async () => {
    const res = await leavesDatabaseAsItWas(() => run('fail/nowhere'));
    expect(expectError(res, 404, 'not_found').message).toMatch(/Prompt "fail\/nowhere" does not exist/);
    expect(fake.requests).toHaveLength(0);
  });

  it('answers 422 naming a missing variable', async () => {
    const name = await givenRunnable();
    const res = await leavesDatabaseAsItWas(() => run(name, { variables: {} }));
    expect(expectError(res, 422, 'missing_variables').message).toContain('word');
    expect(fake.requests).toHaveLength(0);
  });
});

describe('streaming failures', () => {
  it('ends the stream with an error event once the retries are spent, and records the error', async () => {
    const name = await givenRunnable();
    fake.setDefault({ status: 500, message: 'Still on fire.' });
    const res = await run(name, { variables: { word: 'hi' }, stream: true });
    // The stream had started: the failure comes as its last event, not as a status.
    expect(res.status).toBe(200);
    const events = parseEventStream(res.body);
    expect(events.map((e) => e.event)).toEqual(['start', 'error']);
    const [start, failure] = events;
    // The same envelope as a JSON error answer.
    expect(errorBody.parse(failure!.data).error.code).toBe('provider_error');
    expect(failure!.data.error.message).toContain('Still on fire.');
    expect(fake.requests).toHaveLength(3);
    const [row] = await rowsOf(name);
    expect(row).toMatchObject({ id: start!.data.executionId, status: 'error', error: failure!.data.error.message, output: null });
  });

  it('ends the stream with a provider_timeout error event when every attempt is too slow', async () => {
    const name = await givenRunnable();
    fake.setDefault({ delayMs: 10_000 });
    const events = parseEventStream((await run(name, { variables: { word: 'hi' }, stream: true })).body);
    expect(events.map((e) => e.event)).toEqual(['start', 'error']);
    expect(events[1]!.data.error.code).toBe('provider_timeout');
    const [row] = await rowsOf(name);
    expect(row).toMatchObject({ id: events[0]!.data.executionId, status: 'timeout' });
  });
});
