import NextAuth from 'next-auth';
import { authOptions } from '@/lib/auth/session';

type Ctx = { params: Promise<{ nextauth: string[] }> };

const handler = (request: Request, context: Ctx) => NextAuth(request as never, context as never, authOptions());

export { handler as GET, handler as POST };
