import { NextResponse } from 'next/server';
import type { z } from 'zod';
import { authenticateApiKey } from '@/lib/auth/api-keys';
import { assertRole, type Actor, type Role } from '@/lib/auth/roles';
import { errorHeaders, fromZodError, toErrorBody, VersoError } from './errors';
import { assertStorable } from './storable';

export const MAX_BODY_BYTES = 1024 * 1024;

export type RouteSpec<B extends z.ZodType | undefined, Q extends z.ZodType | undefined> = {
  role: Role;
  body?: B;
  query?: Q;
  status?: number;
};

export type RouteInput<T> = T extends z.ZodType ? z.output<T> : undefined;

export type RouteContext<B, Q> = {
  actor: Actor;
  body: B;
  query: Q;
  params: Record<string, string | string[]>;
  request: Request;
};

/** How a family of routes proves who calls and answers errors: Verso's own API, or a compatible one (lib/langfuse/route.ts). */
export type RouteDialect = {
  authenticate: (request: Request) => Promise<Actor>;
  errorResponse: (error: unknown) => Response;
};

const versoDialect: RouteDialect = {
  authenticate,
  errorResponse: (error) => {
    const { status, body } = toErrorBody(error);
    return NextResponse.json(body, { status, headers: errorHeaders(status) });
  },
};

/**
 * Every API route handler is built here: Bearer key, role, zod-parsed query and body,
 * and the error envelope. A handler cannot forget the check because it never runs first.
 */
export function route<B extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined>(
  spec: RouteSpec<B, Q>,
  handler: (ctx: RouteContext<RouteInput<B>, RouteInput<Q>>) => Promise<unknown>,
) {
  return dialectRoute(versoDialect, spec, handler);
}

/** route() with another way to authenticate and to answer errors; the role check, parsing and limits stay the same. */
export function dialectRoute<B extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined>(
  dialect: RouteDialect,
  spec: RouteSpec<B, Q>,
  handler: (ctx: RouteContext<RouteInput<B>, RouteInput<Q>>) => Promise<unknown>,
) {
  return async (request: Request, context: { params?: Promise<Record<string, string | string[]>> } = {}) => {
    try {
      const actor = await dialect.authenticate(request);
      assertRole(actor, spec.role);
      const params = (await context.params) ?? {};
      assertStorable(decodedParams(params), 'path');
      const rawQuery = Object.fromEntries(new URL(request.url).searchParams);
      assertStorable(rawQuery, 'query');
      const query = spec.query ? parseWith(spec.query, rawQuery, 'query') : undefined;
      const body = spec.body ? parseWith(spec.body, await readStorableJson(request), 'body') : undefined;
      const result = await handler({ actor, body: body as RouteInput<B>, query: query as RouteInput<Q>, params, request });
      if (result instanceof Response) return result;
      return NextResponse.json(result, { status: spec.status ?? 200 });
    } catch (error) {
      return dialect.errorResponse(error);
    }
  };
}

async function authenticate(request: Request): Promise<Actor> {
  const header = request.headers.get('authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new VersoError('unauthorized', 'Send an API key as `Authorization: Bearer <key>`.');
  return authenticateApiKey(match[1]!);
}

function parseWith<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw fromZodError(parsed.error, what);
  return parsed.data;
}

const bodyTooLarge = () => new VersoError('too_large', 'The request body may be at most 1 MB.');

async function readStorableJson(request: Request): Promise<unknown> {
  const json = await readJson(request);
  assertStorable(json, 'body');
  return json;
}

async function readJson(request: Request): Promise<unknown> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > MAX_BODY_BYTES) throw bodyTooLarge();
  const text = await readText(request);
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new VersoError('invalid', 'The request body is not valid JSON.');
  }
}

// Read up to the limit and no further: a body that does not declare its length (or lies about
// it) cannot make the server buffer more than 1 MB.
async function readText(request: Request): Promise<string> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw bodyTooLarge();
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/** A path segment from a catch-all like [...name], joined back with `/` (prompt names may contain folders). */
export function joinedParam(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.map(decodeSegment).join('/') : decodeSegment(value ?? '');
}

// The path parameters as the handlers will read them, for the NUL check.
const decodedParams = (params: Record<string, string | string[]>) =>
  Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v.map(decodeSegment) : decodeSegment(v)]));

// Next.js may hand over a segment already decoded, so a literal `%` (`100%`) can arrive here;
// it is no valid name, and it must answer 404 rather than throw URIError into a 500.
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
