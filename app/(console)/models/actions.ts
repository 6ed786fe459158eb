'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { action } from '@/lib/auth/action';
import { changeModel, createModel } from '@/lib/models/catalog';
import { catalogModelId, modelChangeInput, newModelInput } from '@/lib/models/schemas';

const PAGE = '/models';

export const createModelAction = action({ input: newModelInput, role: 'admin' }, async (actor, input) => {
  const created = await createModel(actor, input);
  revalidatePath(PAGE);
  return created;
});

export const changeModelAction = action({ input: z.object({ id: catalogModelId, change: modelChangeInput }), role: 'admin' }, async (actor, { id, change }) => {
  const changed = await changeModel(actor, id, change);
  revalidatePath(PAGE);
  return changed;
});
