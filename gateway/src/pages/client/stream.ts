import { objectOf, textAt } from '../view/json.js';
import { SseParser } from '../view/sse.js';
import type { LedgerEvent } from './context.js';

/*
 * The live event stream (`GET /v1/events`, docs/events.md) read with fetch, since EventSource cannot
 * send the authorization header. On a drop it reconnects after the server's `retry` delay and sends
 * the last id as Last-Event-ID, so no event is lost or repeated.
 */

/** What a page hears from its stream. */
export interface StreamListener {
  onEvent(event: LedgerEvent): void;
  onLive(live: boolean): void;
}

const DEFAULT_RETRY_MS = 2000;

async function readStream(response: Response, parser: SseParser, listener: StreamListener): Promise<void> {
  const body = response.body;
  if (body === null) {
    return;
  }
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      return;
    }
    for (const event of parser.push(value)) {
      const data = objectOf(JSON.parse(event.data));
      listener.onEvent({ id: event.id, name: event.event, time: textAt(data, 'time'), payload: objectOf(data['payload']) });
    }
  }
}

/**
 * Opens the stream and keeps it open until the returned function is called.
 *
 * @param query - the stream's filters, e.g. `types=DisputeStatement,ResolveDispute`
 */
export function openEventStream(key: string, query: string, listener: StreamListener): () => void {
  const controller = new AbortController();
  const parser = new SseParser();
  const connect = async (): Promise<void> => {
    while (!controller.signal.aborted) {
      const headers: Record<string, string> = { authorization: `Bearer ${key}`, accept: 'text/event-stream' };
      if (parser.lastEventId !== '') {
        headers['last-event-id'] = parser.lastEventId;
      }
      try {
        const response = await fetch(`/v1/events${query === '' ? '' : `?${query}`}`, { headers, signal: controller.signal });
        listener.onLive(response.ok);
        if (response.ok) {
          await readStream(response, parser, listener);
        }
      } catch {
        // A dropped connection or an abort: the loop reconnects unless the page closed the stream.
      }
      listener.onLive(false);
      await new Promise((resolve) => setTimeout(resolve, parser.retry ?? DEFAULT_RETRY_MS));
    }
  };
  void connect();
  return () => {
    controller.abort();
  };
}
