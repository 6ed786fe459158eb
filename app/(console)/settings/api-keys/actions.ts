'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { action } from '@/lib/auth/action';
import { createApiKey, revokeApiKey } from '@/lib/auth/api-keys';
import { newApiKeyInput } from '@/lib/auth/schemas';

const PAGE = '/settings/api-keys';

/** The answer carries the plain key: the only time it ever leaves the server. */
export const createApiKeyAction = action({ input: newApiKeyInput, role: 'admin' }, async (actor, input) => {
  const created = await createApiKey(actor, input);
  revalidatePath(PAGE);
  return created;
});

export const revokeApiKeyAction = action({ input: z.object({ id: z.uuid() }), role: 'admin' }, async (actor, { id }) => {
  const key = await revokeApiKey(actor, id);
  revalidatePath(PAGE);
  return key;
});
