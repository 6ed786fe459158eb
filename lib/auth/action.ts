import type { z } from 'zod';
import { toErrorBody, VersoError, type ErrorBody } from '@/lib/api/errors';
import { assertStorable } from '@/lib/api/storable';
import type { Actor, Role } from './roles';
import { requireRole } from './session';

export type ActionResult<T> = { ok: true; data: T } | ({ ok: false } & ErrorBody);

/**
 * Every server action is built here: a server action is a public POST endpoint, so the
 * input is parsed and the role checked before the body runs, and errors come back as the
 * same envelope the API uses.
 */
export function action<S extends z.ZodType, T>(
  // passwordChange 'allowed': the one action a user on a one-time password may call (choosing a new one).
  spec: { input: S; role: Role; passwordChange?: 'allowed' },
  body: (actor: Actor, input: z.output<S>) => Promise<T>,
): (input: z.input<S>) => Promise<ActionResult<T>> {
  return async (raw) => {
    try {
      const actor = await requireRole(spec.role);
      if (actor.mustChangePassword && spec.passwordChange !== 'allowed') {
        throw new VersoError('forbidden', 'Choose a new password on your Account page first.');
      }
      assertStorable(raw, 'input');
      const input = spec.input.parse(raw);
      return { ok: true, data: await body(actor, input) };
    } catch (error) {
      const { body: envelope } = toErrorBody(error);
      return { ok: false, ...envelope };
    }
  };
}
