import type { ServingSnapshot } from './types.js';

// The serving snapshot: fetched from GET /api/v1/serving, refreshed in the background with
// If-None-Match (a 304 keeps the copy), kept when Verso cannot be reached (a failed refresh never
// throws), and replaced by the bundled fallback only when Verso has never been reached.

export type SnapshotStatus = {
  /** Where resolve() serves from: the server's snapshot, the bundled fallback, or nothing yet. */
  source: 'server' | 'fallback' | 'none';
  revision: string | null;
  /** When Verso last answered a refresh (200 or 304). */
  lastRefresh: Date | null;
  /** The last refresh's failure, cleared by the next success. */
  lastError: string | null;
  /** Milliseconds since the copy was last known current; null without one from the server. */
  ageMs: number | null;
};

type Fetch = typeof globalThis.fetch;

export class SnapshotSource {
  private snapshot: ServingSnapshot | null = null;
  private etag: string | null = null;
  private lastRefresh: Date | null = null;
  private lastError: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;
  readonly first: Promise<void>;

  constructor(
    private readonly options: { url: string; apiKey: string; fetch: Fetch; timeoutMs: number; fallback?: ServingSnapshot },
  ) {
    this.first = this.refresh();
  }

  /** Refreshes every `intervalMs` without keeping the process alive. */
  start(intervalMs: number) {
    this.timer = setInterval(() => void this.refresh(), intervalMs);
    this.timer.unref();
  }

  stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  current(): ServingSnapshot | null {
    return this.snapshot ?? this.options.fallback ?? null;
  }

  status(): SnapshotStatus {
    const source = this.snapshot ? 'server' : this.options.fallback ? 'fallback' : 'none';
    return {
      source,
      revision: this.current()?.revision ?? null,
      lastRefresh: this.lastRefresh,
      lastError: this.lastError,
      ageMs: this.lastRefresh ? Date.now() - this.lastRefresh.getTime() : null,
    };
  }

  /** One refresh at a time; never rejects (the failure is kept in status()). */
  refresh(): Promise<void> {
    this.inFlight ??= this.load()
      .catch((error: unknown) => {
        this.lastError = error instanceof Error ? error.message : String(error);
      })
      .finally(() => {
        this.inFlight = null;
      });
    return this.inFlight;
  }

  private async load() {
    const headers: Record<string, string> = { authorization: `Bearer ${this.options.apiKey}`, accept: 'application/json' };
    if (this.etag && this.snapshot) headers['if-none-match'] = this.etag;
    const response = await this.options.fetch(this.options.url, { headers, signal: AbortSignal.timeout(this.options.timeoutMs) });
    if (response.status === 304) {
      await response.body?.cancel();
    } else if (response.ok) {
      const body = (await response.json()) as ServingSnapshot;
      if (!body || typeof body.revision !== 'string' || !Array.isArray(body.prompts)) throw new Error('GET /api/v1/serving answered something that is not a serving snapshot');
      // The same revision (a cache that dropped the ETag, say) keeps the copy and its compiled templates.
      if (body.revision !== this.snapshot?.revision) this.snapshot = body;
      this.etag = response.headers.get('etag');
    } else {
      const text = await response.text().catch(() => '');
      throw new Error(`GET /api/v1/serving answered ${response.status}: ${errorMessage(text)}`);
    }
    this.lastRefresh = new Date();
    this.lastError = null;
  }
}

/** The error envelope's message, or the start of the body. */
export function errorMessage(text: string): string {
  try {
    const message = (JSON.parse(text) as { error?: { message?: unknown } }).error?.message;
    if (typeof message === 'string') return message;
  } catch {
    // not JSON: the text itself
  }
  return text.slice(0, 200);
}
