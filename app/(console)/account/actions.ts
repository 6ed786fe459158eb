'use server';
import { revalidatePath } from 'next/cache';
import { changeOwnPassword, changePasswordInput } from '@/lib/auth/account';
import { action } from '@/lib/auth/action';
import { currentSessionId } from '@/lib/auth/sessions';

// The one action a user on a one-time password may call: choosing their own password.
export const changePasswordAction = action(
  { input: changePasswordInput, role: 'viewer', passwordChange: 'allowed' },
  async (actor, input) => {
    // This browser stays signed in; every other session of the user ends.
    await changeOwnPassword(actor, input, await currentSessionId());
    revalidatePath('/', 'layout');
    return { changed: true as const, wasOneTime: actor.mustChangePassword ?? false };
  },
);
