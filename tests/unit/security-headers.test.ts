import { describe, expect, it } from 'vitest';
import { ASSET_CONTENT_SECURITY_POLICY, policyFor } from '@/lib/server/security-headers';

describe('the content security policy', () => {
  it('lets pages run only scripts carrying a fresh nonce, and never be framed', () => {
    const first = policyFor('/prompts');
    expect(first).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}' 'strict-dynamic';/);
    expect(first).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
    for (const d of ["frame-ancestors 'none'", "base-uri 'self'", "form-action 'self'", "object-src 'none'"]) expect(first).toContain(d);
    expect(policyFor('/prompts')).not.toBe(first);
  });

  it('allows eval only in development, where React needs it', () => {
    expect(policyFor('/prompts', { development: true })).toContain("'unsafe-eval'");
  });

  it('gives static files and the API a fixed policy that same-origin worker chunks can load under', () => {
    expect(policyFor('/_next/static/chunks/turbopack-worker.js')).toBe(ASSET_CONTENT_SECURITY_POLICY);
    expect(policyFor('/api/v1/prompts')).toBe(ASSET_CONTENT_SECURITY_POLICY);
    expect(ASSET_CONTENT_SECURITY_POLICY).toContain("script-src 'self';");
    expect(ASSET_CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
  });
});
