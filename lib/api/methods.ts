import { NextResponse } from 'next/server';

// Next.js answers a method a route file does not export with a bare 405 (no body, no Allow).
// Each route file under app/api ends with
//   export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
// naming every method it does not serve, so those answer in the error envelope with `Allow`.
// (HEAD only where there is no GET: Next.js answers HEAD from GET.)

export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

type Handler = (request: Request) => Response;

// The handlers made here serve no operation: the OpenAPI document and the tests' route
// discovery leave them out.
const generated = new WeakSet<object>();

/** True for a handler otherMethods() made (a 405 or the OPTIONS answer), false for one that serves. */
export function isGeneratedHandler(handler: unknown): boolean {
  return typeof handler === 'function' && generated.has(handler);
}

/** The methods a route file does not serve: 405 in the envelope with `Allow`, and OPTIONS answering 204 with `Allow`. */
export function otherMethods(served: Partial<Record<HttpMethod, unknown>>): Record<HttpMethod, Handler> {
  const methods = HTTP_METHODS.filter((m) => served[m] || (m === 'HEAD' && served.GET) || m === 'OPTIONS');
  const allow = methods.join(', ');
  const notAllowed: Handler = (request) =>
    NextResponse.json(
      { error: { code: 'method_not_allowed', message: `${request.method} is not allowed here; use ${methods.filter((m) => m !== 'OPTIONS').join(' or ')}.` } },
      { status: 405, headers: { Allow: allow } },
    );
  const options: Handler = () => new Response(null, { status: 204, headers: { Allow: allow } });
  generated.add(notAllowed).add(options);
  return { GET: notAllowed, HEAD: notAllowed, POST: notAllowed, PUT: notAllowed, PATCH: notAllowed, DELETE: notAllowed, OPTIONS: options };
}
