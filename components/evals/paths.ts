export const evalRunPath = (id: string) => `/evals/${encodeURIComponent(id)}`;

/** The comparison of runs; the first is the baseline. */
export const comparePath = (ids: string[]) => `/evals/compare?runs=${ids.map(encodeURIComponent).join(',')}`;

/** The new-run form, with a prompt and/or dataset chosen already. */
export function newRunPath(preset: { prompt?: string; dataset?: string } = {}): string {
  const query = new URLSearchParams();
  if (preset.prompt) query.set('prompt', preset.prompt);
  if (preset.dataset) query.set('dataset', preset.dataset);
  const text = query.toString();
  return text ? `/evals/new?${text}` : '/evals/new';
}
