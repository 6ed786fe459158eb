import { describe, expect, it } from 'vitest';
import { retryAfterOf, retryDelay, type RetryPolicy } from '@/lib/models/retry';

// The wait before each retry of a model call: exponential backoff with equal jitter, a
// provider's Retry-After as a floor, and no retry at all past the budget or the cap.

const policy = (random: number, overrides: Partial<RetryPolicy> = {}): RetryPolicy => ({
  maxRetries: 5,
  baseMs: 100,
  maxDelayMs: 1_000,
  random: () => random,
  ...overrides,
});

describe('retryDelay', () => {
  it('waits between half and all of the exponential step', () => {
    // base × 2^attempt: 100, 200, 400, 800; the jitter spans its upper half.
    const steps = [100, 200, 400, 800];
    steps.forEach((step, attempt) => {
      expect(retryDelay(attempt, policy(0)), `attempt ${attempt}, random 0`).toBe(step / 2);
      expect(retryDelay(attempt, policy(1)), `attempt ${attempt}, random 1`).toBe(step);
    });
    expect(retryDelay(1, policy(0.5))).toBe(150);
  });

  it('never waits longer than the cap', () => {
    // 100 × 2^4 = 1600 is capped at 1000.
    expect(retryDelay(4, policy(0))).toBe(500);
    expect(retryDelay(4, policy(1))).toBe(1_000);
  });

  it("takes the provider's Retry-After as a floor", () => {
    expect(retryDelay(0, policy(0), 300)).toBe(300);
    expect(retryDelay(0, policy(1), 20)).toBe(100);
    expect(retryDelay(0, policy(0), 0)).toBe(50);
    expect(retryDelay(2, policy(0), 1_000)).toBe(1_000);
  });

  it('gives up when the provider asks for a wait beyond the cap', () => {
    expect(retryDelay(0, policy(0), 1_001)).toBeNull();
    expect(retryDelay(0, policy(1), 60_000)).toBeNull();
  });

  it('gives up once the retries are spent', () => {
    expect(retryDelay(4, policy(0))).not.toBeNull();
    expect(retryDelay(5, policy(0))).toBeNull();
    expect(retryDelay(6, policy(1))).toBeNull();
    expect(retryDelay(0, policy(0, { maxRetries: 0 }))).toBeNull();
    expect(retryDelay(2, policy(0, { maxRetries: 2 }), 0)).toBeNull();
  });
});

describe('retryAfterOf', () => {
  const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');

  it('reads Retry-After in seconds', () => {
    expect(retryAfterOf({ 'retry-after': '2' }, now)).toBe(2_000);
    expect(retryAfterOf({ 'retry-after': '0' }, now)).toBe(0);
    expect(retryAfterOf({ 'retry-after': '1.5' }, now)).toBe(1_500);
  });

  it('reads Retry-After as an HTTP date, relative to now', () => {
    expect(retryAfterOf({ 'retry-after': 'Wed, 21 Oct 2015 07:28:30 GMT' }, now)).toBe(30_000);
    // A date already past means: try now.
    expect(retryAfterOf({ 'retry-after': 'Wed, 21 Oct 2015 07:27:00 GMT' }, now)).toBe(0);
  });

  it("prefers OpenAI's retry-after-ms", () => {
    expect(retryAfterOf({ 'retry-after-ms': '250' }, now)).toBe(250);
    expect(retryAfterOf({ 'retry-after-ms': '250', 'retry-after': '9' }, now)).toBe(250);
    // An unreadable retry-after-ms falls back to Retry-After.
    expect(retryAfterOf({ 'retry-after-ms': 'soon', 'retry-after': '3' }, now)).toBe(3_000);
  });

  it('knows nothing from garbage, blanks or no header at all', () => {
    expect(retryAfterOf(undefined, now)).toBeUndefined();
    expect(retryAfterOf({}, now)).toBeUndefined();
    expect(retryAfterOf({ 'content-type': 'application/json' }, now)).toBeUndefined();
    expect(retryAfterOf({ 'retry-after': 'soon' }, now)).toBeUndefined();
    expect(retryAfterOf({ 'retry-after': '' }, now)).toBeUndefined();
    expect(retryAfterOf({ 'retry-after': '   ' }, now)).toBeUndefined();
  });
});
