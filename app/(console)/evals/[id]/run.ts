import { notFound } from 'next/navigation';
import { cache } from 'react';
import { z } from 'zod';
import { VersoError } from '@/lib/api/errors';
import { getEvalRun } from '@/lib/evals/runs';

/** The run of this request (read once for the layout and the page), or the not-found page. */
export const runOrNotFound = cache(async (id: string) => {
  // A malformed id cannot exist, and must not reach a uuid column.
  if (!z.uuid().safeParse(id).success) notFound();
  try {
    return await getEvalRun(id);
  } catch (error) {
    if (error instanceof VersoError && (error.code === 'not_found' || error.code === 'invalid')) notFound();
    throw error;
  }
});
