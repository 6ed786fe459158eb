import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerClientError } from '@/lib/server/client-errors';

// Requests Node refuses before Verso's handler runs, sent over a raw socket to a node:http
// server with the 'clientError' listener Verso's server uses (lib/server/serve.ts).

let server: http.Server;
let port: number;
beforeAll(async () => {
  server = http.createServer((_req, res) => res.end('handled'));
  server.on('clientError', answerClientError);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as net.AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Sends `raw` and reads until the server closes the connection. */
function send(raw: string): Promise<{ status: number; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(raw));
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString()));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', body = ''] = text.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), headers: head.toLowerCase(), body });
    });
  });
}

describe('requests the HTTP parser refuses', () => {
  it('answers headers over the limit with 431 in the error envelope', async () => {
    const answer = await send(`GET /api/v1/prompts HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(http.maxHeaderSize + 1024)}\r\n\r\n`);
    expect(answer.status).toBe(431);
    expect(answer.headers).toContain('content-type: application/json');
    expect(JSON.parse(answer.body)).toEqual({ error: { code: 'headers_too_large', message: expect.stringMatching(/headers/) } });
  });

  it('answers bytes that are not HTTP with 400 in the error envelope', async () => {
    const answer = await send('NOT HTTP AT ALL\r\n\r\n');
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toEqual({ error: { code: 'invalid', message: expect.any(String) } });
  });

  it('still serves a normal request', async () => {
    const answer = await send('GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(answer.status).toBe(200);
  });
});
