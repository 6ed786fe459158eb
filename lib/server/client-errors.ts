import http from 'node:http';
import type { Duplex } from 'node:stream';

// Requests Node's HTTP parser refuses before any handler runs (headers over
// http.maxHeaderSize, bytes that are not HTTP). Node's own answer is a bare
// `431 Request Header Fields Too Large` or `400 Bad Request` with no body; the API
// promises its error envelope everywhere, so the server answers these itself.

/** The raw HTTP answer for a request Node could not parse: the error envelope, and the connection closed. */
export function clientErrorResponse(error: NodeJS.ErrnoException): string {
  const [status, reason, code, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', 'headers_too_large', `The request headers are larger than the server accepts (${http.maxHeaderSize / 1024} KB in all).`]
      : [400, 'Bad Request', 'invalid', 'The request is not valid HTTP.'];
  const body = JSON.stringify({ error: { code, message } });
  return [
    `HTTP/1.1 ${status} ${reason}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

/** The server's 'clientError' listener. */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex) {
  // A client that went away, or a response already under way on the connection, leaves nothing to answer.
  const current = (socket as unknown as { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || current?.headersSent) {
    socket.destroy();
    return;
  }
  socket.end(clientErrorResponse(error));
}

