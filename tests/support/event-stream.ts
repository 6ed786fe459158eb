export type ServerEvent = { event: string; data: any };

/**
 * A text/event-stream body as its events, in order: `event` is 'message' when the block names
 * none (the EventSource default), `data` is the JSON of its data lines, or the raw text when it
 * is not JSON (`[DONE]`).
 */
export function parseEventStream(text: string): ServerEvent[] {
  return text
    .split(/\r?\n\r?\n/)
    .filter((block) => block.trim() !== '')
    .map((block) => {
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split(/\r?\n/)) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      const raw = data.join('\n');
      try {
        return { event, data: JSON.parse(raw) };
      } catch {
        return { event, data: raw };
      }
    });
}
