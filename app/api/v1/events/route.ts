import { otherMethods } from '@/lib/api/methods';
import { route } from '@/lib/api/route';
import { recordEvents } from '@/lib/serving/events';
import { eventBatch } from '@/lib/serving/schemas';

export const POST = route({ role: 'service', body: eventBatch }, ({ actor, body }) => recordEvents(actor, body));

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
