/**
 * A subscriber to the gateway's event stream (`GET /v1/events`), as a retailer's system would
 * run one: it connects, collects every event in the background, and can resume from the last
 * one it received with `Last-Event-ID`.
 */
import type { RestClient } from './rest';

/** The `data` of a streamed event (docs/events.md). */
export interface StreamedEvent {
  readonly id: string;
  readonly name: string;
  readonly module: string | null;
  readonly block: string;
  readonly txIndex: number;
  readonly txId: string;
  readonly time: string;
  readonly payload: unknown;
  /** When this subscriber received it (`performance.now()`). */
  readonly receivedAt: number;
}

/** One open stream and what it has received so far. */
export class EventSubscriber {
  readonly events: StreamedEvent[] = [];
  private readonly reading: Promise<void>;

  private constructor(
    response: Response,
    private readonly controller: AbortController,
  ) {
    this.reading = this.read(response);
  }

  /**
   * @param member - who subscribes
   * @param query - e.g. `?types=RecordPurchase`
   * @param lastEventId - resume after this event
   * @throws Error when the gateway does not answer 200 with an event stream
   */
  static async open(member: RestClient, query: string, lastEventId?: string): Promise<EventSubscriber> {
    const controller = new AbortController();
    const response = await member.openStream(
      `/v1/events${query}`,
      lastEventId === undefined ? {} : { 'last-event-id': lastEventId },
      controller.signal,
    );
    if (response.status !== 200 || response.headers.get('content-type')?.startsWith('text/event-stream') !== true) {
      throw new Error(`GET /v1/events${query} answered ${response.status}: ${await response.text()}`);
    }
    return new EventSubscriber(response, controller);
  }

  /** Resolves once `count` events have come, or rejects after `timeoutMs`. */
  async waitFor(count: number, timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (this.events.length < count) {
      if (performance.now() > deadline) {
        throw new Error(`received ${this.events.length} events, expected ${count} within ${timeoutMs} ms`);
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** Disconnects, as a crashed or restarting subscriber would. */
  async close(): Promise<void> {
    this.controller.abort();
    await this.reading.catch(() => undefined);
  }

  private async read(response: Response): Promise<void> {
    const reader = response.body?.getReader();
    const decoder = new TextDecoder();
    let text = '';
    for (;;) {
      const chunk = await reader?.read();
      if (chunk === undefined || chunk.done) {
        return;
      }
      // fetch's body is a byte stream.
      text += decoder.decode(chunk.value as Uint8Array, { stream: true });
      const messages = text.split('\n\n');
      text = messages.pop() ?? '';
      messages.forEach((message) => {
        this.take(message);
      });
    }
  }

  private take(message: string): void {
    const data = message.split('\n').find((line) => line.startsWith('data: '));
    if (data !== undefined) {
      const event = JSON.parse(data.slice('data: '.length)) as Omit<StreamedEvent, 'receivedAt'>;
      this.events.push({ ...event, receivedAt: performance.now() });
    }
  }
}
