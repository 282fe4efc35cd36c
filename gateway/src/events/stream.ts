/**
 * One Server-Sent Events stream (https://html.spec.whatwg.org/multipage/server-sent-events.html):
 * the events of the read model after the client's position, in chain order, page by page, then
 * each new block's as soon as the read model has stored it; a comment line every heartbeat keeps
 * proxies from closing an idle stream and re-checks the store, so a missed wake-up costs at most
 * one heartbeat. Every event carries its id, so a client that reconnects with `Last-Event-ID`
 * resumes exactly after the last event it received.
 *
 * @packageDocumentation
 */
import { once } from 'node:events';

import type { Request, Response } from 'express';

import type { Logger } from '../logger';
import type { ReadModelStore, StoredEvent } from '../readmodel/store';
import type { StreamFilter } from './filter';
import { eventMessage } from './message';

/** What a stream needs from the gateway. */
export interface StreamDeps {
  readonly store: Pick<ReadModelStore, 'events'>;
  /** Calls its argument with each block's number once the read model has stored it; returns the call that stops it. */
  readonly onApplied: (listener: (block: bigint) => void) => () => void;
  readonly logger: Logger;
  readonly heartbeatMs: number;
  /** Events read from the store at a time. */
  readonly pageSize: number;
}

/** How long a disconnected client waits before reconnecting, sent as the stream's `retry`. */
const RETRY_MS = 2_000;

/**
 * Answers `req` with the stream of `filter`'s events until the client goes away.
 *
 * @param deps - the read model and the stream's settings
 * @param filter - the events to send
 * @param req - the request, whose closing ends the stream
 * @param res - the response the stream is written to
 */
export async function streamEvents(deps: StreamDeps, filter: StreamFilter, req: Request, res: Response): Promise<void> {
  res.status(200).set({
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    // Asks a reverse proxy (nginx) not to buffer the stream.
    'x-accel-buffering': 'no',
  });
  res.flushHeaders();
  res.write(`retry: ${String(RETRY_MS)}\n\n`);
  const waker = new Waker();
  const stopWaking = deps.onApplied(() => {
    waker.wake();
  });
  const heartbeat = setInterval(() => {
    res.write(': heartbeat\n\n');
    waker.wake();
  }, deps.heartbeatMs);
  req.on('close', () => {
    waker.close();
  });
  try {
    let cursor = filter.after;
    while (!waker.closed) {
      cursor = await sendNewEvents(deps, { ...filter, after: cursor }, res, waker);
      await waker.next();
    }
  } catch (err) {
    deps.logger.warn({ err }, 'event stream ended by an error');
  } finally {
    clearInterval(heartbeat);
    stopWaking();
    res.end();
  }
}

/** Sends every event after the filter's position, page by page; returns the position of the last one sent. */
async function sendNewEvents(deps: StreamDeps, filter: StreamFilter, res: Response, waker: Waker): Promise<StreamFilter['after']> {
  let after = filter.after;
  for (;;) {
    const page = await deps.store.events({ ...filter, after, limit: deps.pageSize });
    for (const event of page) {
      if (waker.closed) {
        return after;
      }
      if (!res.write(frameOf(event))) {
        // The client reads slower than the store answers: wait until the socket drains (or closes).
        await Promise.race([once(res, 'drain'), waker.closing]);
      }
      after = { block: event.block, txIndex: event.txIndex };
    }
    if (page.length < deps.pageSize) {
      return after;
    }
  }
}

/** The SSE frame of an event: its id, its name as the SSE event type, and its JSON. */
function frameOf(event: StoredEvent): string {
  const message = eventMessage(event);
  return `id: ${message.id}\nevent: ${message.name}\ndata: ${JSON.stringify(message)}\n\n`;
}

/** Wake-ups of the stream's loop: a wake while it is sending is kept for its next wait. */
class Waker {
  closed = false;
  readonly closing: Promise<void>;
  private pending = false;
  private resolveNext: (() => void) | undefined;
  private resolveClosing: () => void = () => undefined;

  constructor() {
    this.closing = new Promise((resolve) => {
      this.resolveClosing = resolve;
    });
  }

  wake(): void {
    this.pending = true;
    this.resolveNext?.();
  }

  close(): void {
    this.closed = true;
    this.resolveClosing();
    this.wake();
  }

  /** Resolves at the next wake, at once when one came since the last call. */
  async next(): Promise<void> {
    if (!this.pending) {
      await new Promise<void>((resolve) => {
        this.resolveNext = resolve;
      });
    }
    this.pending = false;
    this.resolveNext = undefined;
  }
}
