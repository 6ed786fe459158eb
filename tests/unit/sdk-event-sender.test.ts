import { describe, expect, it } from 'vitest';
import { retryAfterMs } from '../../sdk/src/event-transport';
import { errorMessage } from '../../sdk/src/snapshot-source';

describe('SDK event sender: retry and error parsing', () => {
  it('reads Retry-After in seconds or as an HTTP date, capped at a minute', () => {
    expect(retryAfterMs(null)).toBeNull();
    expect(retryAfterMs('2')).toBe(2_000);
    expect(retryAfterMs('0')).toBe(0);
    expect(retryAfterMs('86400')).toBe(60_000);
    const inFive = new Date(Date.now() + 5_000).toUTCString();
    expect(retryAfterMs(inFive)).toBeGreaterThan(3_000);
    expect(retryAfterMs(inFive)).toBeLessThanOrEqual(5_000);
    expect(retryAfterMs(new Date(Date.now() - 5_000).toUTCString())).toBe(0);
    expect(retryAfterMs('soon')).toBeNull();
  });

  it('takes the message out of Verso’s error envelope, or the start of any other body', () => {
    expect(errorMessage('{"error":{"code":"invalid","message":"Invalid body: x"}}')).toBe('Invalid body: x');
    expect(errorMessage('Bad Gateway')).toBe('Bad Gateway');
    expect(errorMessage('x'.repeat(500))).toHaveLength(200);
  });
});

describe('an event JSON cannot hold', () => {
  it('is reported through onRejected instead of stalling the queue', async () => {
    const { EventSender } = await import('../../sdk/src/event-sender');
    const rejected: unknown[] = [];
    const bodies: string[] = [];
    const fetch = (async (_url: string, init: { body: string }) => {
      bodies.push(init.body);
      return Response.json({ executions: { recorded: 1, duplicates: 0, rejected: [] }, metrics: { recorded: 0, rejected: [] } });
    }) as unknown as typeof globalThis.fetch;
    const sender = new EventSender({
      url: 'http://verso.invalid',
      apiKey: 'k',
      fetch,
      maxBatch: 10,
      maxBuffer: 10,
      completeWindowMs: 0,
      requestTimeoutMs: 1_000,
      retryBaseMs: 1,
      retryMaxMs: 1,
      onRejected: (r) => rejected.push(r),
    });
    const event = (id: string, variables: Record<string, unknown>) => ({ id, prompt: 'p', version: 1, label: 'production', experiment: null, variables, status: 'resolved' as const });
    sender.execution(event('a', { n: 1n }));
    sender.execution(event('b', { n: 1 }));
    sender.execution(event('c', { n: 2 }));
    await sender.flush();
    expect(rejected).toEqual([{ kind: 'execution', id: 'a', reason: expect.stringMatching(/^could not be sent: .*BigInt/) }]);
    // Split until it stood alone: the others went.
    expect(bodies.flatMap((b) => JSON.parse(b).executions.map((e: { id: string }) => e.id))).toEqual(['b', 'c']);
    expect(sender.status()).toMatchObject({ buffered: 0, rejected: 1 });
  });
});
