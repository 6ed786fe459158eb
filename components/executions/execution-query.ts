/** The executions page's query string, as the browser sends it: every value a string. */
export type ExecutionQuery = {
  prompt?: string;
  version?: string;
  experiment?: string;
  variant?: string;
  status?: string;
  model?: string;
  source?: string;
  range?: string;
  before?: string;
};

export const executionQueryKeys = ['prompt', 'version', 'experiment', 'variant', 'status', 'model', 'source', 'range', 'before'] as const;

/** A link to the executions page with these filters; blank values (and the default range) are left out. */
export function executionsHref(query: ExecutionQuery): string {
  const params = new URLSearchParams();
  for (const key of executionQueryKeys) {
    const value = query[key];
    if (value && !(key === 'range' && value === 'all')) params.set(key, value);
  }
  const search = params.toString();
  return search ? `/executions?${search}` : '/executions';
}

export const executionPath = (id: string) => `/executions/${encodeURIComponent(id)}`;

/** True when anything but paging narrows the list. */
export const isFiltered = (query: ExecutionQuery) =>
  executionQueryKeys.some((key) => key !== 'before' && query[key] && !(key === 'range' && query[key] === 'all'));
