import { NextResponse } from 'next/server';
import { toErrorBody, VersoError } from '@/lib/api/errors';

// Any path under /api that no route serves: the error envelope, not the console's HTML 404 page,
// because whoever asks /api is a program. Next.js tries every more specific route first.
function notFound(request: Request) {
  const { status, body } = toErrorBody(new VersoError('not_found', `No API route ${new URL(request.url).pathname}; see /api/v1/openapi.json.`));
  return NextResponse.json(body, { status });
}

export { notFound as GET, notFound as HEAD, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE, notFound as OPTIONS };
