import { errorMessage } from './snapshot-source.js';

// One request to Verso, sent again until it gets an answer worth keeping: retried with
// exponential back-off and full jitter on a network error, a timeout, a cut-off answer, 408, 429
// and 5xx, waiting at least as long as Retry-After says. Any other answer (2xx, or a 4xx that
// sending again cannot change) goes back to the caller.

export type TransportOptions = {
  url: string;
  apiKey: string;
  fetch: typeof globalThis.fetch;
  requestTimeoutMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
};

export type Answer = { ok: boolean; status: number; body: unknown; message: string };

const RETRYABLE = (status: number) => status === 408 || status === 429 || status >= 500;

class Retryable extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }
}

export class EventTransport {
  /** The last attempt's failure; null once an answer came. */
  lastError: string | null = null;

  constructor(
    private readonly options: TransportOptions,
    /** Checked between attempts: true stops retrying. */
    private readonly givenUp: () => boolean,
  ) {}

  /** The answer, or undefined when the caller gave up meanwhile. */
  async send(path: string, method: string, payload: string): Promise<Answer | undefined> {
    for (let attempt = 0; ; attempt++) {
      try {
        const answer = await this.once(path, method, payload);
        this.lastError = null;
        return answer;
      } catch (error) {
        if (!(error instanceof Retryable)) throw error;
        this.lastError = error.message;
        if (this.givenUp()) return undefined;
        const backoff = Math.random() * Math.min(this.options.retryMaxMs, this.options.retryBaseMs * 2 ** attempt);
        await sleep(Math.max(backoff, error.retryAfterMs ?? 0));
        if (this.givenUp()) return undefined;
      }
    }
  }

  private async once(path: string, method: string, payload: string): Promise<Answer> {
    let response: Response;
    try {
      response = await this.options.fetch(`${this.options.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.options.apiKey}`, 'content-type': 'application/json' },
        body: payload,
        signal: AbortSignal.timeout(this.options.requestTimeoutMs),
      });
    } catch (error) {
      throw new Retryable(`${method} ${path}: ${error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error)}`);
    }
    const text = await response.text().catch((error: unknown) => {
      throw new Retryable(`${method} ${path}: the answer was cut off (${String(error)})`);
    });
    if (RETRYABLE(response.status)) {
      throw new Retryable(`${method} ${path} answered ${response.status}: ${errorMessage(text)}`, retryAfterMs(response.headers.get('retry-after')));
    }
    if (!response.ok) return { ok: false, status: response.status, body: null, message: errorMessage(text) };
    try {
      return { ok: true, status: response.status, body: JSON.parse(text), message: '' };
    } catch {
      throw new Retryable(`${method} ${path}: the answer is not JSON`);
    }
  }
}

/** Retry-After in seconds or as an HTTP date, at most a minute. */
export function retryAfterMs(header: string | null): number | null {
  if (!header) return null;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - Date.now();
  return Number.isFinite(ms) ? Math.min(60_000, Math.max(0, ms)) : null;
}

// Unref'd: a back-off never keeps the process alive (close() and the exit flush hold it instead).
const sleep = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms).unref();
  });
