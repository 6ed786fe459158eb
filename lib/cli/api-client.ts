import { CommandFailed } from './command';

/** A non-2xx answer, or no answer at all: the method, the path and what the server said. */
export class RequestFailed extends CommandFailed {
  constructor(
    readonly status: number | null,
    message: string,
  ) {
    super(message);
  }
}

export type ApiClient = {
  url: string;
  get: <T>(path: string) => Promise<T>;
  post: <T>(path: string, body: unknown) => Promise<T>;
};

/** Verso's REST API with a Bearer key, for commands that talk to a running server. */
export function apiClient(baseUrl: string, key: string): ApiClient {
  const url = baseUrl.replace(/\/+$/, '');
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    let response: Response;
    try {
      response = await fetch(`${url}${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new RequestFailed(null, `${method} ${path}: no answer from ${url} (${cause?.code ?? cause?.message ?? (error as Error).message})`);
    }
    const text = await response.text();
    if (response.ok) return (text ? JSON.parse(text) : undefined) as T;
    let reason = text.slice(0, 200);
    try {
      const envelope = JSON.parse(text) as { error?: { code?: string; message?: string } };
      if (envelope.error) reason = `${envelope.error.code}: ${envelope.error.message}`;
    } catch {
      // Not the API's envelope (a proxy's page, say): the start of the body says enough.
    }
    throw new RequestFailed(response.status, `${method} ${path} → ${response.status} ${reason}`);
  };
  return { url, get: (path) => call('GET', path), post: (path, body) => call('POST', path, body) };
}
