import { route } from '@/lib/api/route';
import { createPrompt, listPrompts } from '@/lib/prompts/registry';
import { listPromptsQuery, newPromptInput } from '@/lib/prompts/schemas';
import { otherMethods } from '@/lib/api/methods';

export const GET = route({ role: 'viewer', query: listPromptsQuery }, ({ query }) => listPrompts(query));

export const POST = route({ role: 'editor', body: newPromptInput, status: 201 }, ({ actor, body }) => createPrompt(actor, body));

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
