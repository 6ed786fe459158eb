import { isDatabaseUnavailable, unavailableReason } from '@/db/unavailable';

export type RetryPolicy = {
  /** The wait after the first failed attempt; it doubles after each one. */
  firstDelayMs: number;
  maxDelayMs: number;
  /** Stop retrying (and reject) once this long has passed since the first attempt; 0: never. */
  giveUpAfterMs: number;
};

export const defaultRetryPolicy: RetryPolicy = { firstDelayMs: 500, maxDelayMs: 15_000, giveUpAfterMs: 0 };

export class BootAbortedError extends Error {
  constructor() {
    super('The start was stopped before the database could be reached.');
    this.name = 'BootAbortedError';
  }
}

/**
 * Runs `attempt` until it succeeds, waiting with exponential back-off between attempts that
 * failed because the database could not be reached (a database that starts after Verso, a
 * restart, a failover). Any other error is not going to go away by waiting and rejects at once,
 * as does running out of `giveUpAfterMs`. `onAttemptFailed` runs after every failed attempt,
 * before the wait (for example to close a half-opened connection).
 */
export async function retryWhileUnavailable(
  attempt: () => Promise<void>,
  options: {
    policy: RetryPolicy;
    log: (line: string) => void;
    signal?: AbortSignal;
    onAttemptFailed?: (error: unknown, willRetry: boolean) => void | Promise<void>;
  },
): Promise<void> {
  const { policy, log, signal } = options;
  const started = Date.now();
  for (let attemptNo = 1; ; attemptNo++) {
    if (signal?.aborted) throw new BootAbortedError();
    try {
      await attempt();
      if (attemptNo > 1) log(`Reached the database after ${attemptNo} attempts.`);
      return;
    } catch (error) {
      const delay = Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** (attemptNo - 1));
      const timeLeft = policy.giveUpAfterMs > 0 ? policy.giveUpAfterMs - (Date.now() - started) : Infinity;
      const willRetry = isDatabaseUnavailable(error) && timeLeft > delay && !signal?.aborted;
      await options.onAttemptFailed?.(error, willRetry);
      if (!willRetry) {
        if (isDatabaseUnavailable(error)) {
          log(`Cannot reach the database (${unavailableReason(error)}); giving up after ${attemptNo} attempts in ${seconds(Date.now() - started)}.`);
        }
        throw error;
      }
      log(`Cannot reach the database (${unavailableReason(error)}); attempt ${attemptNo} failed, retrying in ${seconds(delay)}.`);
      await sleep(delay, signal);
    }
  }
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
