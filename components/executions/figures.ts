/** `640 ms`, `1.25 s`, `2 min 5 s`: latency as a person reads it. */
export function formatLatency(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1_000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1_000)} s`;
}

const count = new Intl.NumberFormat('en-US');

/** Input / output tokens, or a dash when the call reported none (a resolve). */
export function formatTokens(input: number | null, output: number | null): string {
  if (input === null && output === null) return '—';
  return `${input === null ? '—' : count.format(input)} / ${output === null ? '—' : count.format(output)}`;
}

export const formatCount = (n: number) => count.format(n);
