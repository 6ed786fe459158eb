import { notFound } from 'next/navigation';
import { cache } from 'react';
import { VersoError } from '@/lib/api/errors';
import { pageActor } from '@/lib/auth/page';
import { getExecutionDetail } from '@/lib/executions/browse';

/** The execution of this request (read once for the layout and the page), or the not-found page. */
export const executionOrNotFound = cache(async (id: string) => {
  try {
    return await getExecutionDetail(await pageActor('viewer'), id);
  } catch (error) {
    if (error instanceof VersoError && error.code === 'not_found') notFound();
    throw error;
  }
});
