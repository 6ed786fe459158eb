import { NextResponse } from 'next/server';
import type { z } from 'zod';
import { errorHeaders, toErrorBody, VersoError, type ErrorCode } from '@/lib/api/errors';
import { dialectRoute, type RouteContext, type RouteDialect, type RouteInput, type RouteSpec } from '@/lib/api/route';
import { authenticateApiKey } from '@/lib/auth/api-keys';

// Langfuse's clients send `Authorization: Basic base64(publicKey:secretKey)`. Verso has one key,
// not a pair: the secret key is a Verso API key (vrs_…), the public key names the caller and
// must not be empty. So a team switches by pointing its client at Verso and putting a Verso
// key where the secret key was.
async function authenticate(request: Request) {
  const header = request.headers.get('authorization') ?? '';
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header);
  const decoded = match ? Buffer.from(match[1]!, 'base64').toString('utf8') : '';
  const colon = decoded.indexOf(':');
  if (colon < 1 || colon === decoded.length - 1) {
    throw new VersoError('unauthorized', 'Send `Authorization: Basic base64(publicKey:secretKey)`, with a Verso API key as the secret key.');
  }
  return authenticateApiKey(decoded.slice(colon + 1));
}

// The class names Langfuse's server answers with (`error`), beside its `message`; the client
// reads `message` (getPrompt throws it). Verso's code rides along for whoever knows it.
const langfuseErrorNames: Partial<Record<ErrorCode, string>> = {
  invalid: 'InvalidRequestError',
  unauthorized: 'UnauthorizedError',
  forbidden: 'ForbiddenError',
  not_found: 'LangfuseNotFoundError',
  method_not_allowed: 'MethodNotAllowedError',
  conflict: 'LangfuseConflictError',
  too_large: 'InvalidRequestError',
  rate_limited: 'TooManyRequestsError',
};

export type LangfuseErrorBody = { message: string; error: string; code: ErrorCode; details?: unknown };

const langfuseDialect: RouteDialect = {
  authenticate,
  errorResponse: (error) => {
    const { status, body } = toErrorBody(error);
    const { code, message, details } = body.error;
    const answer: LangfuseErrorBody = { message, error: langfuseErrorNames[code] ?? 'InternalServerError', code };
    if (details !== undefined) answer.details = details;
    const headers = { ...errorHeaders(status), ...(status === 401 ? { 'www-authenticate': 'Basic realm="Verso"' } : {}) };
    return NextResponse.json(answer, { status, headers });
  },
};

/** route() for the Langfuse-compatible API: Basic auth and Langfuse's error shape. */
export function langfuseRoute<B extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined>(
  spec: RouteSpec<B, Q>,
  handler: (ctx: RouteContext<RouteInput<B>, RouteInput<Q>>) => Promise<unknown>,
) {
  return dialectRoute(langfuseDialect, spec, handler);
}
