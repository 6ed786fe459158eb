import http from 'node:http';
import https from 'node:https';
import { PEER_ADDRESS_HEADER } from '@/lib/auth/client-address';

const patched = Symbol.for('verso.peerAddress');

/**
 * Route handlers see headers, never the socket, and `next start` has no hook between the two:
 * so every request gets the socket's address in a header of ours before Next.js reads it,
 * replacing any a client sent. Done once, in the server process (instrumentation.ts), before
 * Next.js serves its first request.
 */
export function stampPeerAddresses() {
  for (const Server of [http.Server, https.Server]) {
    const proto = Server.prototype as unknown as Record<symbol | string, unknown> & { emit: (...args: unknown[]) => boolean };
    if (proto[patched]) continue;
    const emit = proto.emit;
    proto.emit = function (this: unknown, event: unknown, ...args: unknown[]) {
      if (event === 'request') {
        const req = args[0] as http.IncomingMessage;
        req.headers[PEER_ADDRESS_HEADER] = req.socket?.remoteAddress ?? 'unknown';
      }
      return emit.call(this, event, ...args);
    };
    proto[patched] = true;
  }
}
