import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { moveLabel } from '@/lib/prompts/labels';
import { createPrompt, createVersion } from '@/lib/prompts/registry';
import { newPromptInput, newVersionInput } from '@/lib/prompts/schemas';
import { Verso, VersoSdkError, type ServingSnapshot } from '../../sdk/src/index';
import { admin } from '../support/actors';
import { withApiKeys } from '../support/api';
import { startAppServer, type AppServer } from '../support/app-server';
import { withTestDatabase } from '../support/db';
import { givenExperiment } from '../support/experiments';
import { startLossyProxy, type LossyProxy } from '../support/lossy-proxy';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';

// The SDK against a real Verso over HTTP (the app's route handlers on node:http): the same
// variant, version, text and model config as POST /resolve for every unit; a label move picked
// up by the ETag refresh; the stale copy served while Verso is down; the fallback when Verso was
// never reached.

withTestDatabase();
const keys = withApiKeys();

const PROMPT = 'support/reply';
const LABELLED = 'sdk/greeting';
let server: AppServer;
const clients: Verso[] = [];

function client(options: Partial<ConstructorParameters<typeof Verso>[0]> = {}) {
  const verso = new Verso({ baseUrl: server.url, apiKey: keys.service, flushOnExit: false, closeTimeoutMs: 2_000, ...options });
  clients.push(verso);
  return verso;
}

async function serverResolve(name: string, body: Record<string, unknown>) {
  const response = await fetch(`${server.url}/api/v1/prompts/${encodeURIComponent(name)}/resolve`, {
    method: 'POST',
    headers: { authorization: `Bearer ${keys.service}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = await response.json();
  if (response.status !== 200) return { error: { code: answer.error.code, message: answer.error.message } };
  const { executionId: _, ...served } = answer;
  return { ok: served };
}

/** As serverResolve answers: what was served without the execution id, or the error's code and message. */
async function sdkResolve(verso: Verso, name: string, input: Parameters<Verso['resolve']>[1]) {
  try {
    const { executionId: _, ...served } = await verso.resolve(name, input);
    return { ok: served };
  } catch (error) {
    if (!(error instanceof VersoSdkError)) throw error;
    return { error: { code: error.code, message: error.message } };
  }
}

const version = (name: string, body: Record<string, unknown>) => createVersion(admin, name, newVersionInput.parse(body));

beforeAll(async () => {
  // Four versions of different kinds: plain outputs, loops and filters, chat, and production.
  await createPrompt(admin, newPromptInput.parse({ name: PROMPT, template: 'Hi {{ name }}, about {{ topic | default: "your order" }}.' }));
  await version(PROMPT, { template: '{% for o in orders %}[{{ o.id | upcase }}:{{ o.total | times: 1.19 | round: 2 }}]{% endfor %} {{ name | truncate: 8 }}', modelConfig: { model: 'gpt-4o', temperature: 0.1 } });
  await version(PROMPT, {
    messages: [
      { role: 'system', content: 'You are {{ persona | default: "kind" }}.' },
      { role: 'user', content: '{{ name | upcase }} asks about {{ topic }}{% assign n = orders | size %}{% if n > 1 %} ({{ n }} orders){% endif %}' },
    ],
  });
  await version(PROMPT, { template: 'Production: {{ name }}', labels: ['production'], modelConfig: { model: 'gpt-4o-mini', temperature: 0.2 } });
  await givenExperiment(
    'sdk-identical',
    PROMPT,
    {
      variants: [
        { key: 'control', version: 1, weight: 5, control: true },
        { key: 'b', version: 2, weight: 3, modelConfig: { temperature: 0.9 } },
        { key: 'c', version: 3, weight: 2 },
      ],
      coverage: 0.8,
      targeting: { $or: [{ country: { $in: ['DE', 'FR', 'US'] } }, { plan: 'pro' }], seats: { $gte: 1 } },
    },
    { start: true },
  );
  await createPrompt(admin, newPromptInput.parse({ name: LABELLED, template: 'Hello {{ name }} (v1)', labels: ['production'] }));
  await version(LABELLED, { template: 'Hello {{ name }} (v2)' });
  server = await startAppServer();
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await server?.close();
});

function inputOf(i: number) {
  return {
    unitId: `unit-${i}`,
    variables: { name: `Customer number ${i}`, topic: i % 3 === 1 && i % 5 === 2 ? undefined : `refund ${i}`, orders: Array.from({ length: i % 3 }, (_, k) => ({ id: `o${i}-${k}`, total: i * 1.5 + k })) },
    attributes: { country: ['DE', 'FR', 'US', 'JP'][i % 4]!, plan: ['pro', 'free'][(i >> 1) % 2]!, seats: i % 5 },
  };
}

describe('the SDK serves what /resolve serves', () => {
  it('gives 300 units the same variant, version, text and model config as POST /resolve', async () => {
    const verso = client();
    await verso.ready();
    const served = new Map<string, number>();
    for (let i = 0; i < 300; i++) {
      const input = inputOf(i);
      const expected = await serverResolve(PROMPT, input);
      expect(await sdkResolve(verso, PROMPT, input), `unit ${i}`).toEqual(expected);
      const key = expected.error ? expected.error.code : (expected.ok.experiment?.variant ?? 'label');
      served.set(key, (served.get(key) ?? 0) + 1);
    }
    // Every path was taken: each variant (text, loops, chat), the label for units left out, and
    // the chat variant's error for a unit without the `topic` it requires.
    expect([...served.keys()].sort()).toEqual(['b', 'c', 'control', 'label', 'missing_variables']);
    for (const path of ['b', 'c', 'control', 'label']) expect(served.get(path), path).toBeGreaterThan(15);
    await verso.flush();
    expect(verso.status().events).toMatchObject({ buffered: 0, rejected: 0, dropped: 0 });
    expect(verso.status().events.sent.executions).toBe(300 - served.get('missing_variables')!);
  });

  it('throws the server’s error for a missing variable and an unknown prompt or label', async () => {
    const verso = client();
    const outside = { unitId: 'unit-3', attributes: { country: 'US', plan: 'free', seats: 0 } };
    await expect(verso.resolve(PROMPT, { ...outside, variables: {} })).rejects.toMatchObject({ code: 'missing_variables', message: 'Missing required variable: name' });
    await expect(verso.resolve('no/such-prompt')).rejects.toMatchObject({ code: 'not_found' });
    await expect(verso.resolve(PROMPT, { ...outside, label: 'nope', variables: { name: 'x' } })).rejects.toThrow('Prompt "support/reply" has no label "nope".');
    expect(verso.status().events.buffered).toBe(0);
  });
});

describe('refreshing the snapshot', () => {
  it('keeps its copy on 304s and picks up a label move with the next refresh', async () => {
    const proxy = await startLossyProxy(server.url);
    try {
      const statuses: number[] = [];
      const recording: typeof fetch = async (input, init) => {
        const response = await fetch(input, init);
        if (String(input).endsWith('/api/v1/serving')) statuses.push(response.status);
        return response;
      };
      const verso = client({ baseUrl: proxy.url, refreshIntervalMs: 50, fetch: recording });
      await verso.ready();
      const before = verso.snapshot();
      expect((await verso.resolve(LABELLED, { variables: { name: 'Ada' } })).text).toBe('Hello Ada (v1)');
      await waitFor(() => statuses.length >= 4);
      // Unchanged: answered 304 with the ETag sent back, and the very same copy kept.
      expect(statuses.slice(0, 4)).toEqual([200, 304, 304, 304]);
      expect(proxy.seen.filter((r) => r.path === '/api/v1/serving').length).toBeGreaterThanOrEqual(4);
      expect(verso.snapshot()).toBe(before);
      const refreshes = statuses.length;

      await moveLabel(admin, LABELLED, 'production', 2);
      await waitFor(async () => (await verso.resolve(LABELLED, { variables: { name: 'Ada' } })).text === 'Hello Ada (v2)');
      expect(verso.snapshot()).not.toBe(before);
      expect(verso.snapshot()!.revision).not.toBe(before!.revision);
      expect(statuses.slice(refreshes)).toContain(200);
      expect(verso.status()).toMatchObject({ source: 'server', lastError: null });
      await moveLabel(admin, LABELLED, 'production', 1);
      await verso.close();
      expect(verso.status().events).toMatchObject({ buffered: 0, dropped: 0, rejected: 0 });
    } finally {
      await proxy.close();
    }
  });

  it('serves the stale copy while Verso is down, and says so in status()', async () => {
    const tcp: TcpProxy = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(server.url).port) });
    try {
      const verso = client({ baseUrl: tcp.urlFor(server.url), refreshIntervalMs: 50, requestTimeoutMs: 1_000 });
      await verso.ready();
      const expected = await verso.resolve(PROMPT, inputOf(7));
      tcp.cut();
      await waitFor(() => verso.status().lastError !== null);
      const status = verso.status();
      expect(status.source).toBe('server');
      expect(status.lastRefresh).toBeInstanceOf(Date);
      expect(status.ageMs).toBeGreaterThanOrEqual(0);
      const stale = await verso.resolve(PROMPT, inputOf(7));
      expect({ ...stale, executionId: null }).toEqual({ ...expected, executionId: null });
      await new Promise((r) => setTimeout(r, 120));
      expect(verso.status().ageMs).toBeGreaterThanOrEqual(100);

      tcp.restore();
      await waitFor(() => verso.status().lastError === null);
      expect(verso.status().ageMs).toBeLessThan(1_000);
      // The execution served while Verso was down reaches it now.
      await verso.close();
      expect(verso.status().events).toMatchObject({ buffered: 0, dropped: 0, rejected: 0, sent: { executions: 2 } });
    } finally {
      await tcp.close();
    }
  });

  it('serves the bundled fallback when Verso was never reached, and throws a clear error without one', async () => {
    const online = client();
    await online.ready();
    const fallback = JSON.parse(JSON.stringify(online.snapshot())) as ServingSnapshot;
    const nowhere = await startTcpProxy({ host: '127.0.0.1', port: 9 });
    nowhere.cut();
    try {
      const offline = client({ baseUrl: nowhere.urlFor('http://127.0.0.1'), fallback, requestTimeoutMs: 500, closeTimeoutMs: 300 });
      await offline.ready();
      expect(offline.status()).toMatchObject({ source: 'fallback', lastRefresh: null, ageMs: null, revision: fallback.revision });
      expect(offline.status().lastError).toMatch(/fetch failed|ECONNRESET|socket/i);
      expect(await sdkResolve(offline, PROMPT, inputOf(11))).toEqual(await serverResolve(PROMPT, inputOf(11)));
      // Its execution cannot be sent: close() gives up after its deadline, counts it and warns.
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      await offline.close();
      expect(offline.status().events).toMatchObject({ buffered: 0, dropped: 1 });
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/closed with 1 event\(s\) not sent/));
      warn.mockRestore();

      const bare = client({ baseUrl: nowhere.urlFor('http://127.0.0.1'), requestTimeoutMs: 500 });
      await expect(bare.ready()).rejects.toBeInstanceOf(VersoSdkError);
      await expect(bare.resolve(PROMPT, inputOf(1))).rejects.toMatchObject({
        code: 'unavailable',
        message: expect.stringMatching(/^Verso could not be reached \(.+\) and no fallback snapshot was given\.$/),
      });
    } finally {
      await nowhere.close();
    }
  });
});

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}
