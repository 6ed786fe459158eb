// The headers every response carries. The Content-Security-Policy is per request: Next.js
// reads the nonce from the request's policy and puts it on its own inline scripts (the root
// layout is force-dynamic, so every page is rendered per request and can carry one).

/** Headers that do not depend on the request. */
export const STATIC_SECURITY_HEADERS: Record<string, string> = {
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
};

/**
 * Scripts: only Next's own (nonce + strict-dynamic, which lets them load their chunks); React
 * needs eval in development only. Styles need 'unsafe-inline': Monaco injects <style> elements
 * and Radix, recharts and Monaco set style attributes, none of which can carry a nonce.
 * Workers: Monaco's worker is a same-origin chunk; blob: covers bundlers that wrap it.
 */
export function contentSecurityPolicy(nonce: string, { development = false } = {}): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * For static files and API answers, which are never documents with inline scripts. A worker
 * takes its policy from its own script's response: Monaco's worker (a Turbopack worker chunk)
 * loads its chunks with importScripts, which 'strict-dynamic' would refuse, so here 'self' counts.
 */
export const ASSET_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The policy of one request: assets (static files, the API) get the fixed one, pages a fresh nonce. */
export function policyFor(pathname: string, { development = false } = {}): string {
  if (pathname.startsWith('/_next/static/') || pathname.startsWith('/api/')) return ASSET_CONTENT_SECURITY_POLICY;
  return contentSecurityPolicy(newNonce(), { development });
}

export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
}
