import { createLangfusePrompt, listLangfusePrompts } from '@/lib/langfuse/prompts';
import { langfuseRoute } from '@/lib/langfuse/route';
import { createLangfusePromptInput, langfuseListQuery } from '@/lib/langfuse/schemas';
import { otherMethods } from '@/lib/api/methods';

// Langfuse's prompt API, for teams moving from Langfuse: see lib/langfuse/route.ts for the keys.

export const GET = langfuseRoute({ role: 'viewer', query: langfuseListQuery }, ({ query }) => listLangfusePrompts(query));

export const POST = langfuseRoute({ role: 'editor', body: createLangfusePromptInput, status: 201 }, ({ actor, body }) =>
  createLangfusePrompt(actor, body),
);

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
