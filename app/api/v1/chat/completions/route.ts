import { route } from '@/lib/api/route';
import { chatCompletions } from '@/lib/gateway/chat-completions';
import { chatCompletionRequest } from '@/lib/gateway/schemas';

export const POST = route({ role: 'viewer', body: chatCompletionRequest }, ({ body }) => chatCompletions(body));
