// When a failed model call is tried again. Exponential backoff with equal jitter (half fixed,
// half random) so that clients that failed together do not retry together; a provider's
// Retry-After is a floor, and one longer than the cap is not waited for at all.
export type RetryPolicy = { maxRetries: number; baseMs: number; maxDelayMs: number; random?: () => number };

/** Milliseconds to wait before retry number `attempt` (0-based), or null when the call should fail now. */
export function retryDelay(attempt: number, policy: RetryPolicy, retryAfterMs?: number): number | null {
  if (attempt >= policy.maxRetries) return null;
  if (retryAfterMs !== undefined && retryAfterMs > policy.maxDelayMs) return null;
  const exponential = Math.min(policy.maxDelayMs, policy.baseMs * 2 ** attempt);
  const jittered = exponential / 2 + ((policy.random ?? Math.random)() * exponential) / 2;
  return Math.max(jittered, retryAfterMs ?? 0);
}

/** `retry-after-ms`, or `Retry-After` as seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterOf(headers: Record<string, string> | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = Number.parseFloat(headers['retry-after-ms'] ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers['retry-after'];
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (value.trim() !== '' && Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
