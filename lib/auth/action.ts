import type { z } from 'zod';
import { toErrorBody, type ErrorBody } from '@/lib/api/errors';
import type { Actor, Role } from './roles';
import { requireRole } from './session';

export type ActionResult<T> = { ok: true; data: T } | ({ ok: false } & ErrorBody);

/**
 * Every server action is built here: a server action is a public POST endpoint, so the
 * input is parsed and the role checked before the body runs, and errors come back as the
 * same envelope the API uses.
 */
export function action<S extends z.ZodType, T>(
  spec: { input: S; role: Role },
  body: (actor: Actor, input: z.output<S>) => Promise<T>,
): (input: z.input<S>) => Promise<ActionResult<T>> {
  return async (raw) => {
    try {
      const actor = await requireRole(spec.role);
      const input = spec.input.parse(raw);
      return { ok: true, data: await body(actor, input) };
    } catch (error) {
      const { body: envelope } = toErrorBody(error);
      return { ok: false, ...envelope };
    }
  };
}
