import { env } from '@/lib/env';

/**
 * The socket's remote address, stamped on every request by the server itself
 * (lib/server/peer-address.ts), overwriting whatever a client sent under the same name.
 */
export const PEER_ADDRESS_HEADER = 'x-verso-peer-address';

type HeaderBag = Headers | Record<string, string | string[] | undefined>;

const read = (headers: HeaderBag, name: string): string | undefined => {
  const value = headers instanceof Headers ? headers.get(name) : headers[name];
  return (Array.isArray(value) ? value.join(',') : value)?.trim() || undefined;
};

/**
 * Who is signing in, for the per-address login limit. Next.js sets X-Forwarded-For from the
 * socket only when the client did not send one (next/dist/server/base-server.js: `??=`), so
 * without a proxy that header is whatever the client wants: it is read only when
 * VERSO_TRUST_PROXY says how many proxies append to it, and then from the right, where the
 * nearest proxy wrote the address it saw.
 */
export function clientAddress(headers: HeaderBag, trustedProxies = env().VERSO_TRUST_PROXY): string {
  const peer = read(headers, PEER_ADDRESS_HEADER) ?? 'unknown';
  if (trustedProxies === 0) return peer;
  const hops = (read(headers, 'x-forwarded-for') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (hops.length === 0) return peer;
  return hops[Math.max(0, hops.length - trustedProxies)]!;
}
