import { NextResponse } from 'next/server';
import { errorHeaders, toErrorBody, VersoError } from '@/lib/api/errors';
import { otherMethods } from '@/lib/api/methods';
import { checkHealth } from '@/lib/server/health';

// Public on purpose, like the OpenAPI document: a load balancer or a supervisor asks it without a
// key, and it tells nothing but whether this server can serve. Not under /api/v1: it is about
// this process, not the API.
export const dynamic = 'force-dynamic';

export async function GET() {
  try {
    const health = await checkHealth();
    if (health.status === 'ok') return NextResponse.json(health);
    const failed = health.database === 'unreachable' ? 'The database cannot be reached.' : 'The database migrations are not applied yet.';
    const { status, body } = toErrorBody(new VersoError('unavailable', failed, health));
    return NextResponse.json(body, { status, headers: errorHeaders(status) });
  } catch (error) {
    const { status, body } = toErrorBody(error);
    return NextResponse.json(body, { status, headers: errorHeaders(status) });
  }
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
