/** A text/event-stream response fed by `produce`; what it throws after the headers are sent is its own to report. */
export function eventStream(produce: (send: (data: unknown, event?: string) => void, sendRaw: (line: string) => void) => Promise<void>, headers: Record<string, string> = {}): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      let open = true;
      const write = (chunk: string) => {
        if (!open) return;
        try {
          controller.enqueue(encoder.encode(chunk));
        } catch {
          open = false; // the client went away; the run still finishes and is recorded
        }
      };
      try {
        await produce(
          (data, event) => write(`${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`),
          (line) => write(`data: ${line}\n\n`),
        );
      } finally {
        open = false;
        try {
          controller.close();
        } catch {
          // already closed by a cancelled client
        }
      }
    },
  });
  return new Response(body, {
    headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', ...headers },
  });
}
