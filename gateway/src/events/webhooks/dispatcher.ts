/**
 * Delivers each active subscription's events in chain order, one at a time, from its durable cursor
 * (docs/events.md, "Webhooks"). A pass runs when the read model has stored a block and on a timer
 * (retries that came due); a subscription's cursor moves only after its receiver answered 2xx, so a
 * crash between a delivery and its record repeats that delivery after the restart and skips nothing:
 * at least once, in order, deduplicated by the receiver on the event id.
 *
 * @packageDocumentation
 */
import type { Logger } from '../../logger';
import type { ReadModelStore, StoredEvent } from '../../readmodel/store';
import { eventId } from '../filter';
import { eventMessage } from '../message';
import { backoffMs, type WebhooksConfig } from './config';
import type { Deliver, DeliveryResult } from './deliver';
import type { AttemptEffect, SubscriptionRecord, SubscriptionStore } from './store';

/** What the dispatcher needs. */
export interface DispatcherDeps {
  readonly store: SubscriptionStore;
  readonly events: Pick<ReadModelStore, 'events'>;
  /** The subscription's secret, opened from its sealed form. */
  readonly secretOf: (subscription: SubscriptionRecord) => string;
  /** False once the owner was disabled: its subscriptions then wait, delivering nothing. */
  readonly ownerEnabled: (memberId: string) => Promise<boolean>;
  readonly deliver: Deliver;
  readonly config: WebhooksConfig;
  readonly logger: Logger;
  readonly clock: () => Date;
  /** A number in [0, 1): the backoff's jitter. */
  readonly random: () => number;
}

/** The running dispatcher of {@link startDispatcher}. */
export interface RunningDispatcher {
  /** Asks for a pass soon (a new block, a replay). */
  wake(): void;
  /** Stops the timer and waits for the pass under way. */
  stop(): Promise<void>;
}

/**
 * Starts delivering: a pass now, then one whenever `onApplied` reports a block and every
 * `config.pollMs`.
 *
 * @param onApplied - the read model's block listener (ReadModelControl.onApplied)
 */
export function startDispatcher(deps: DispatcherDeps, onApplied: (listener: () => void) => () => void): RunningDispatcher {
  const dispatcher = new WebhookDispatcher(deps);
  const stopListening = onApplied(() => {
    dispatcher.wake();
  });
  const timer = setInterval(() => {
    dispatcher.wake();
  }, deps.config.pollMs);
  timer.unref();
  dispatcher.wake();
  return {
    wake: () => {
      dispatcher.wake();
    },
    stop: async () => {
      clearInterval(timer);
      stopListening();
      await dispatcher.stop();
    },
  };
}

/** Passes over the due subscriptions, never two at once; a wake during a pass asks for another. */
export class WebhookDispatcher {
  private pending = false;
  private stopped = false;
  private running: Promise<void> | undefined;

  constructor(private readonly deps: DispatcherDeps) {}

  wake(): void {
    this.pending = true;
    if (this.running === undefined && !this.stopped) {
      this.running = this.loop().finally(() => {
        this.running = undefined;
      });
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  /** One pass: every due subscription gets its next events; true when one of them has more waiting. */
  async pass(): Promise<boolean> {
    const due = await this.deps.store.listDue(this.deps.clock().toISOString());
    let more = false;
    const queue = [...due];
    const worker = async (): Promise<void> => {
      for (let next = queue.shift(); next !== undefined && !this.stopped; next = queue.shift()) {
        more = (await this.deliverDue(next)) || more;
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.deps.config.concurrency, queue.length) }, worker));
    return more;
  }

  private async loop(): Promise<void> {
    while (this.pending && !this.stopped) {
      this.pending = false;
      try {
        this.pending = (await this.pass()) || this.pending;
      } catch (err) {
        // The store or the read model failed; the timer's next wake tries again.
        this.deps.logger.warn({ err }, 'webhook delivery pass failed');
      }
    }
  }

  /** Delivers a subscription's next events until one fails; true when a full batch went out. */
  private async deliverDue(subscription: SubscriptionRecord): Promise<boolean> {
    if (!(await this.deps.ownerEnabled(subscription.owner))) {
      return false;
    }
    const { batchSize } = this.deps.config;
    const events = await this.deps.events.events({
      ...subscription.filter,
      ...(subscription.cursor === null ? {} : { after: subscription.cursor }),
      limit: batchSize,
    });
    let failedAttempts = subscription.failedAttempts;
    let from = subscription.cursor;
    for (const event of events) {
      if (this.stopped) {
        return false;
      }
      const attempt = failedAttempts + 1;
      const result = await this.deliverOne(subscription, event, attempt);
      const effect = this.effectOf(subscription, event, attempt, result);
      await this.deps.store.recordAttempt(
        {
          subscriptionId: subscription.subscriptionId,
          eventId: eventId(event),
          attempt,
          manual: false,
          outcome: effect.kind === 'advance' ? 'delivered' : effect.kind === 'retry' ? 'failed' : 'dead-lettered',
          status: result.status,
          error: result.error,
          durationMs: result.durationMs,
          at: this.deps.clock().toISOString(),
        },
        from,
        effect,
      );
      if (effect.kind !== 'advance') {
        return false;
      }
      failedAttempts = 0;
      from = effect.to;
    }
    return events.length === batchSize;
  }

  private async deliverOne(subscription: SubscriptionRecord, event: StoredEvent, attempt: number): Promise<DeliveryResult> {
    return this.deps.deliver({
      url: subscription.url,
      secret: this.deps.secretOf(subscription),
      message: eventMessage(event),
      attempt,
      timeoutMs: this.deps.config.timeoutMs,
    });
  }

  private effectOf(subscription: SubscriptionRecord, event: StoredEvent, attempt: number, result: DeliveryResult): AttemptEffect {
    if (result.ok) {
      return { kind: 'advance', to: { block: event.block, txIndex: event.txIndex } };
    }
    if (attempt >= subscription.maxAttempts) {
      this.deps.logger.warn({ subscriptionId: subscription.subscriptionId, eventId: eventId(event) }, 'webhook dead-lettered');
      return { kind: 'dead' };
    }
    const wait = backoffMs(this.deps.config, attempt, this.deps.random());
    return { kind: 'retry', at: new Date(this.deps.clock().getTime() + wait).toISOString() };
  }
}
