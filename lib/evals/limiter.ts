import { env } from '@/lib/env';

// Two limits keep an offline run from hurting the provider (and the production traffic that
// shares its key): a per-provider cap on calls in flight in this process, shared by every run and
// every judge, and a run's own requests-per-minute pace.

type Slots = { limit: number; inFlight: number; waiting: (() => void)[] };

const g = globalThis as unknown as { __versoProviderSlots?: Map<string, Slots> };
const slots = (g.__versoProviderSlots ??= new Map());

function slotsOf(provider: string): Slots {
  let s = slots.get(provider);
  if (!s) slots.set(provider, (s = { limit: 0, inFlight: 0, waiting: [] }));
  // Read each time: tests (and nothing else) change the setting while the process runs.
  s.limit = env().VERSO_EVAL_PROVIDER_CONCURRENCY;
  return s;
}

function release(s: Slots) {
  s.inFlight--;
  while (s.inFlight < s.limit && s.waiting.length > 0) {
    s.inFlight++;
    s.waiting.shift()!();
  }
}

/**
 * Runs `call` when the provider has room: every model call of an eval (items and judges) goes
 * through here, so runs side by side share the provider's limits in this process. First come,
 * first served; callModel's own retries happen inside the slot, so a retried call keeps its place.
 */
export async function providerSlot<T>(provider: string, call: () => Promise<T>): Promise<T> {
  const s = slotsOf(provider);
  if (s.inFlight < s.limit) s.inFlight++;
  else await new Promise<void>((resolve) => s.waiting.push(resolve));
  try {
    return await call();
  } finally {
    release(s);
  }
}

/** Calls in flight and waiting for a provider in this process (for tests and diagnostics). */
export function providerLoad(provider: string): { inFlight: number; waiting: number } {
  const s = slots.get(provider);
  return { inFlight: s?.inFlight ?? 0, waiting: s?.waiting.length ?? 0 };
}

export type Pace = { take(): Promise<void> };

/**
 * A run's requests-per-minute as an even pace: one start every 60,000 / rpm ms, no burst, so that
 * any minute holds at most rpm + 1 starts even right after the run begins (a bucket that starts
 * full would allow twice the rate in the first minute). No limit gives a pace that never waits.
 */
export function pace(requestsPerMinute: number | null | undefined): Pace {
  if (!requestsPerMinute) return { take: async () => {} };
  const interval = 60_000 / requestsPerMinute;
  let next = 0;
  return {
    take() {
      const now = performance.now();
      const at = Math.max(now, next);
      next = at + interval;
      const wait = at - now;
      return wait <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, wait));
    },
  };
}
