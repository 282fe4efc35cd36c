/*
 * A Server-Sent Events parser for streams read with fetch: the browser's EventSource cannot send the
 * authorization header the gateway requires (docs/events.md), so the pages read the body themselves.
 * It follows the HTML standard's event stream interpretation; no DOM, so unit tests cover it.
 */

/** One dispatched event of the stream. */
export interface SseEvent {
  readonly id: string;
  readonly event: string;
  readonly data: string;
}

/** Splits the text of an event stream, chunk by chunk, into dispatched events. */
export class SseParser {
  private buffer = '';
  private data: string[] = [];
  private event = '';
  private lastId = '';
  private retryMs: number | null = null;

  /** The id of the last event dispatched (or set by an `id:` line), sent back as Last-Event-ID. */
  get lastEventId(): string {
    return this.lastId;
  }

  /** The reconnection delay the server asked for with `retry:`, or null. */
  get retry(): number | null {
    return this.retryMs;
  }

  /** Feeds the next decoded chunk and answers the events it completed, in order. */
  push(chunk: string): SseEvent[] {
    this.buffer += chunk;
    const events: SseEvent[] = [];
    let newline = /\r\n|\r|\n/.exec(this.buffer);
    // A lone \r at the end may be the first half of \r\n: wait for the next chunk to decide.
    while (newline !== null && !(newline[0] === '\r' && newline.index === this.buffer.length - 1)) {
      const line = this.buffer.slice(0, newline.index);
      this.buffer = this.buffer.slice(newline.index + newline[0].length);
      const dispatched = this.line(line);
      if (dispatched !== null) {
        events.push(dispatched);
      }
      newline = /\r\n|\r|\n/.exec(this.buffer);
    }
    return events;
  }

  private line(line: string): SseEvent | null {
    if (line === '') {
      return this.dispatch();
    }
    if (line.startsWith(':')) {
      return null;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const raw = colon < 0 ? '' : line.slice(colon + 1);
    this.field(field, raw.startsWith(' ') ? raw.slice(1) : raw);
    return null;
  }

  private field(name: string, value: string): void {
    if (name === 'data') {
      this.data.push(value);
    } else if (name === 'event') {
      this.event = value;
    } else if (name === 'id' && !value.includes('\0')) {
      this.lastId = value;
    } else if (name === 'retry' && /^\d+$/.test(value)) {
      this.retryMs = Number(value);
    }
  }

  private dispatch(): SseEvent | null {
    const data = this.data;
    const event = this.event;
    this.data = [];
    this.event = '';
    if (data.length === 0) {
      return null;
    }
    return { id: this.lastId, event: event === '' ? 'message' : event, data: data.join('\n') };
  }
}
