'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { action } from '@/lib/auth/action';
import { humanScoreInput } from '@/lib/evals/schemas';
import { scoreExecution } from '@/lib/executions/human-scores';

// A person's thumbs or 1–5 rating on an execution; it is also the execution's metric of that name.
export const scoreExecutionAction = action(
  { input: z.object({ executionId: z.uuid(), score: humanScoreInput }), role: 'editor' },
  async (actor, { executionId, score }) => {
    const saved = await scoreExecution(actor, executionId, score);
    revalidatePath(`/executions/${executionId}`);
    return saved;
  },
);
