import { NextResponse, type NextRequest } from 'next/server';
import { malformedApiPath } from '@/lib/api/malformed-path';
import { env } from '@/lib/env';
import { policyFor, STATIC_SECURITY_HEADERS } from '@/lib/server/security-headers';

// Every response (pages, API, static files) gets the security headers; Next reads the nonce
// from the request's Content-Security-Policy header when it renders the page.
export function proxy(request: NextRequest) {
  const policy = policyFor(request.nextUrl.pathname, { development: env().NODE_ENV === 'development' });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('Content-Security-Policy', policy);
  // An /api path that does not decode is refused here, in the envelope: Next.js would fail on it later.
  const response = malformedApiPath(request.nextUrl.pathname) ?? NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', policy);
  for (const [name, value] of Object.entries(STATIC_SECURITY_HEADERS)) response.headers.set(name, value);
  return response;
}
