// Serving config is read on every render; versions are immutable and labels move rarely,
// so reads are cached here and dropped on every change in this process. Other instances
// see a change when their entry expires.
export const SERVING_TTL_MS = 5_000;

type Entry<T> = { value: Promise<T>; expires: number };
// On globalThis: Next bundles route handlers and server actions apart, and they must share one cache.
const g = globalThis as unknown as { __versoServing?: Map<string, Map<string, Entry<unknown>>>; __versoServingListeners?: Map<string, () => void> };
const entries = (g.__versoServing ??= new Map());
// By name: each bundle (and each hot reload) registers again, and replaces rather than adds.
const listeners = (g.__versoServingListeners ??= new Map());

/** Called on every invalidation, whatever the prompt: for caches built over all prompts (the serving snapshot). */
export function onServingInvalidated(name: string, listener: () => void) {
  listeners.set(name, listener);
}

export function cachedServing<T>(prompt: string, key: string, load: () => Promise<T>): Promise<T> {
  let perPrompt = entries.get(prompt);
  if (!perPrompt) entries.set(prompt, (perPrompt = new Map()));
  const now = Date.now();
  const hit = perPrompt.get(key) as Entry<T> | undefined;
  if (hit && hit.expires > now) return hit.value;
  const value = load();
  perPrompt.set(key, { value, expires: now + SERVING_TTL_MS });
  // A failed load (unknown prompt, say) is not remembered: the next call asks again.
  value.catch(() => perPrompt.delete(key));
  return value;
}

export function invalidateServing(prompt?: string) {
  if (prompt === undefined) entries.clear();
  else entries.delete(prompt);
  for (const listener of listeners.values()) listener();
}
