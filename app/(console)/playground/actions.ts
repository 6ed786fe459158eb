'use server';
import { action } from '@/lib/auth/action';
import { draftRunInput, runDraft as runDraftService } from '@/lib/executions/draft-run';
import { playgroundRunInput, runPlayground as runPlaygroundService } from '@/lib/executions/playground';

// Calling a model costs money, so running needs the editor role; viewers may look.
// Next runs one server action at a time per page, so the columns travel in one call and run in parallel on the server.
export const runPlayground = action({ input: playgroundRunInput, role: 'editor' }, (actor, input) => runPlaygroundService(actor, input));

/** One edited column on its own, without running the others. */
export const runDraft = action({ input: draftRunInput, role: 'editor' }, (actor, input) => runDraftService(actor, input));
