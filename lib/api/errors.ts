import { z } from 'zod';
import { isDatabaseUnavailable } from '@/db/unavailable';

export const errorStatus = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  too_large: 413,
  missing_variables: 422,
  // A template that ran past its render budget (time or output size).
  render_limit: 422,
  provider_not_configured: 424,
  rate_limited: 429,
  headers_too_large: 431,
  internal: 500,
  provider_error: 502,
  // The database is unreachable for now (a restart, a failover): try again after Retry-After.
  unavailable: 503,
  provider_timeout: 504,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export class VersoError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'VersoError';
  }

  get status(): number {
    return errorStatus[this.code];
  }
}

export type ErrorBody = { error: { code: ErrorCode; message: string; details?: unknown } };

export function fromZodError(error: z.ZodError, what = 'input'): VersoError {
  const issues = error.issues.map((i) => ({ path: i.path.join('.'), message: i.message, code: i.code }));
  const first = issues[0];
  const summary = first ? `${first.path ? `${first.path}: ` : ''}${first.message}` : 'invalid';
  return new VersoError('invalid', `Invalid ${what}: ${summary}`, { issues });
}

// Long enough for postgres-js to reconnect after a restart, short enough not to idle a client.
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 2;

/** Headers that go with an error status: 503 says when to come back. */
export function errorHeaders(status: number): Record<string, string> {
  return status === errorStatus.unavailable ? { 'retry-after': String(UNAVAILABLE_RETRY_AFTER_SECONDS) } : {};
}

/** Any thrown value, as the envelope a client sees. Unknown errors never leak their message. */
export function toErrorBody(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof z.ZodError) error = fromZodError(error);
  // A lost connection is the database's moment, not the request's fault or a bug: 503, try again.
  if (!(error instanceof VersoError) && isDatabaseUnavailable(error)) {
    error = new VersoError('unavailable', 'The database cannot be reached right now; try again shortly.');
  }
  if (error instanceof VersoError) {
    const body: ErrorBody = { error: { code: error.code, message: error.message } };
    if (error.details !== undefined) body.error.details = error.details;
    return { status: error.status, body };
  }
  console.error(error);
  return { status: 500, body: { error: { code: 'internal', message: 'Something went wrong on our side.' } } };
}
