import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { clientAddress, PEER_ADDRESS_HEADER } from '@/lib/auth/client-address';
import { stampPeerAddresses } from '@/lib/server/peer-address';

describe('the client address the login limits count against', () => {
  const forwarded = { [PEER_ADDRESS_HEADER]: '10.0.0.5', 'x-forwarded-for': '6.6.6.6, 203.0.113.9' };

  it('is the socket’s address without a trusted proxy, whatever X-Forwarded-For a client sends', () => {
    expect(clientAddress(forwarded, 0)).toBe('10.0.0.5');
    expect(clientAddress(new Headers(forwarded), 0)).toBe('10.0.0.5');
    expect(clientAddress({}, 0)).toBe('unknown');
  });

  it('is the address the nearest trusted proxy appended, behind one or more proxies', () => {
    expect(clientAddress(forwarded, 1)).toBe('203.0.113.9');
    expect(clientAddress(forwarded, 2)).toBe('6.6.6.6');
    // Fewer hops than proxies: the leftmost there is; no header at all: the socket.
    expect(clientAddress(forwarded, 3)).toBe('6.6.6.6');
    expect(clientAddress({ [PEER_ADDRESS_HEADER]: '10.0.0.5' }, 1)).toBe('10.0.0.5');
  });

  it('comes from the server’s socket, not from a header of the same name a client sends', async () => {
    stampPeerAddresses();
    const server = http.createServer((req, res) => res.end(JSON.stringify(req.headers)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const seen = await (
        await fetch(`http://127.0.0.1:${port}/`, { headers: { [PEER_ADDRESS_HEADER]: '6.6.6.6', 'x-forwarded-for': '6.6.6.6' } })
      ).json();
      expect(clientAddress(seen, 0)).toBe('127.0.0.1');
    } finally {
      server.close();
    }
  });
});
