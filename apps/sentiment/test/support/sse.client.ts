import { asRole } from '@deepworks/platform/testing';

export interface ServerSentEvent {
  type: string;
  data: unknown;
}

/** Reads `GET /events/stream` with an API key (as the dashboard does: fetch, not EventSource). */
export class SseClient {
  readonly events: ServerSentEvent[] = [];
  private readonly abort = new AbortController();
  private reading: Promise<void> = Promise.resolve();

  async connect(baseUrl: string): Promise<void> {
    const response = await fetch(`${baseUrl}/events/stream`, {
      headers: { authorization: asRole('reader').authorization, accept: 'text/event-stream' },
      signal: this.abort.signal,
    });
    if (response.status !== 200 || !response.body) throw new Error(`SSE answered ${response.status}`);
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    this.reading = (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            this.events.push(parseEvent(buffer.slice(0, end)));
            buffer = buffer.slice(end + 2);
          }
        }
      } catch {
        // Aborted by close().
      }
    })();
    await this.waitFor((event) => event.type === 'ready');
  }

  async waitFor(match: (event: ServerSentEvent) => boolean, timeoutMs = 20_000): Promise<ServerSentEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error('no matching server-sent event in time');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async close(): Promise<void> {
    this.abort.abort();
    await this.reading;
  }
}

function parseEvent(block: string): ServerSentEvent {
  let type = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) type = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).trim());
  }
  const text = data.join('\n');
  try {
    return { type, data: JSON.parse(text) as unknown };
  } catch {
    return { type, data: text };
  }
}
