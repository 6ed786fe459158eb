'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { resetPassword } from '@/lib/auth/account';
import { action } from '@/lib/auth/action';
import { newUserInput, personRoleSchema } from '@/lib/auth/schemas';
import { changeUserRole, createUser, setUserDisabled } from '@/lib/auth/users';

const PAGE = '/settings/users';

export const createUserAction = action({ input: newUserInput, role: 'admin' }, async (actor, input) => {
  const user = await createUser(actor, input);
  revalidatePath(PAGE);
  return user;
});

export const changeUserRoleAction = action(
  { input: z.object({ userId: z.uuid(), role: personRoleSchema }), role: 'admin' },
  async (actor, { userId, role }) => {
    const user = await changeUserRole(actor, userId, role);
    revalidatePath(PAGE);
    return user;
  },
);

export const setUserDisabledAction = action(
  { input: z.object({ userId: z.uuid(), disabled: z.boolean() }), role: 'admin' },
  async (actor, { userId, disabled }) => {
    const user = await setUserDisabled(actor, userId, disabled);
    revalidatePath(PAGE);
    return user;
  },
);

// Nothing on the page changes (the password is not shown there), so nothing is revalidated:
// a re-render must not race the dialog that shows the one-time password.
export const resetPasswordAction = action({ input: z.object({ userId: z.uuid() }), role: 'admin' }, async (actor, { userId }) =>
  resetPassword(actor, userId),
);
