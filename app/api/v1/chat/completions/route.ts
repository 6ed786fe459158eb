import { route } from '@/lib/api/route';
import { chatCompletions } from '@/lib/gateway/chat-completions';
import { chatCompletionRequest } from '@/lib/gateway/schemas';
import { otherMethods } from '@/lib/api/methods';

export const POST = route({ role: 'service', body: chatCompletionRequest }, ({ actor, body }) => chatCompletions(actor, body));

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
