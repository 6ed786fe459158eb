// Prompt names may contain `/`, and each folder is a URL segment: /prompts/support/reply.
// Sub-pages are one more segment: /prompts/support/reply/edit?from=3, /prompts/support/reply/diff?from=1&to=2.
const segments = (name: string) => name.split('/').map(encodeURIComponent).join('/');

export const promptPath = (name: string, query?: Record<string, string | number | undefined>) =>
  `/prompts/${segments(name)}${queryString(query)}`;

export const editPath = (name: string, from?: number) => `/prompts/${segments(name)}/edit${queryString({ from })}`;

export const diffPath = (name: string, from?: number, to?: number) => `/prompts/${segments(name)}/diff${queryString({ from, to })}`;

function queryString(query?: Record<string, string | number | undefined>) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined && value !== '') params.set(key, String(value));
  const s = params.toString();
  return s ? `?${s}` : '';
}
