import type { z } from 'zod';
import type { Role } from '@/lib/auth/roles';
import type { ErrorCode } from '../errors';

/** One API operation, as lib/api/openapi.ts documents it; the route that serves it parses with the same schemas. */
export type Operation = {
  id: string;
  method: 'get' | 'post' | 'put' | 'patch';
  /** OpenAPI path; `{name}`, `{label}`, `{key}`, `{id}`, `{dataset}`, `{runId}` and `{transition}` are path parameters. */
  path: string;
  summary: string;
  description?: string;
  /** The least role whose API key may call it; null for a public route. */
  role: Role | null;
  query?: z.ZodObject;
  body?: z.ZodType;
  response: { status: number; schema: z.ZodType; description: string };
  /** Answers without a body besides the success response (304 Not Modified on a conditional GET). */
  bodiless?: { status: number; description: string }[];
  /** Errors the operation itself can answer; 400/401/403/413 follow from role, path, query and body. */
  errors?: ErrorCode[];
};
