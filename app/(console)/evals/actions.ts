'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { action } from '@/lib/auth/action';
import { cancelEvalRun, createEvalRun } from '@/lib/evals/runs';
import { newEvalRunInput } from '@/lib/evals/schemas';

// The list shows every run's status and progress, so any change refreshes the whole section.
const refreshEvals = () => revalidatePath('/evals', 'layout');

export const createEvalRunAction = action({ input: newEvalRunInput, role: 'editor' }, async (actor, input) => {
  const run = await createEvalRun(actor, input);
  refreshEvals();
  return { id: run.id };
});

export const cancelEvalRunAction = action({ input: z.object({ id: z.uuid() }), role: 'editor' }, async (actor, { id }) => {
  const run = await cancelEvalRun(actor, id);
  refreshEvals();
  return { id: run.id, status: run.status };
});
