import NextAuth from 'next-auth';
import { authOptions } from '@/lib/auth/session';
import { otherMethods } from '@/lib/api/methods';

type Ctx = { params: Promise<{ nextauth: string[] }> };

const handler = (request: Request, context: Ctx) => NextAuth(request as never, context as never, authOptions());

export { handler as GET, handler as POST };

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET: handler, POST: handler });
