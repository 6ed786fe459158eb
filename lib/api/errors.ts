import { z } from 'zod';

export const errorStatus = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  missing_variables: 422,
  rate_limited: 429,
  provider_not_configured: 424,
  internal: 500,
  provider_error: 502,
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

/** Any thrown value, as the envelope a client sees. Unknown errors never leak their message. */
export function toErrorBody(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof z.ZodError) error = fromZodError(error);
  if (error instanceof VersoError) {
    const body: ErrorBody = { error: { code: error.code, message: error.message } };
    if (error.details !== undefined) body.error.details = error.details;
    return { status: error.status, body };
  }
  console.error(error);
  return { status: 500, body: { error: { code: 'internal', message: 'Something went wrong on our side.' } } };
}
