/**
 * Webhook subscriptions as the gateway stores them: what each one sends where, its durable cursor in
 * the chain's events, and the log of its delivery attempts (docs/events.md, "Webhooks").
 *
 * @packageDocumentation
 */
import type { EventPosition } from '../../readmodel/store';

/** `active` delivers; `dead` stopped at an event that failed every attempt; `deleted` by its owner. */
export type SubscriptionState = 'active' | 'dead' | 'deleted';

/** What a subscription sends: the events of some names (all when absent) about some account (all when absent). */
export interface SubscriptionFilter {
  readonly names?: readonly string[];
  readonly account?: string;
}

/** A subscription as created; the secret is sealed by the master key ring. */
export interface NewSubscription {
  readonly subscriptionId: string;
  /** The member that created it, the only one who sees and changes it. */
  readonly owner: string;
  /** Hash of the creation request, so a replay of its Idempotency-Key can be told from a reuse. */
  readonly requestHash: string;
  readonly url: string;
  readonly filter: SubscriptionFilter;
  readonly sealedSecret: string;
  /** Attempts at one event before the subscription is dead-lettered. */
  readonly maxAttempts: number;
  /** Deliver the events after this position; from the chain's first event when absent. */
  readonly after?: EventPosition;
  readonly now: string;
}

/** A stored subscription. */
export interface SubscriptionRecord extends Omit<NewSubscription, 'now' | 'after'> {
  readonly state: SubscriptionState;
  /** The last event delivered (or skipped by a replay's start); null before the first. */
  readonly cursor: EventPosition | null;
  /** Failed attempts at the event after the cursor. */
  readonly failedAttempts: number;
  /** When the next attempt is due; null when it is due now. */
  readonly nextAttemptAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** How one attempt ended. */
export type AttemptOutcome = 'delivered' | 'failed' | 'dead-lettered';

/** One attempt to deliver one event, as the delivery log shows it. */
export interface AttemptRecord {
  /** Increasing over the whole gateway: the delivery log's page cursor. */
  readonly attemptId: number;
  readonly subscriptionId: string;
  readonly eventId: string;
  /** 1 for the first attempt at the event since the cursor reached it; manual redeliveries count 0. */
  readonly attempt: number;
  readonly manual: boolean;
  readonly outcome: AttemptOutcome;
  /** The receiver's HTTP status; null when no answer came (refused, timed out). */
  readonly status: number | null;
  readonly error: string | null;
  readonly durationMs: number;
  readonly at: string;
}

/** An attempt about to be logged. */
export type NewAttempt = Omit<AttemptRecord, 'attemptId'>;

/** What follows an attempt of the dispatcher: the cursor moves, a retry is scheduled, or the subscription dies. */
export type AttemptEffect =
  { readonly kind: 'advance'; readonly to: EventPosition } | { readonly kind: 'retry'; readonly at: string } | { readonly kind: 'dead' };

/** Where subscriptions and their delivery log live (the gateway's SQLite database by default). */
export interface SubscriptionStore {
  /** Stores a new subscription; answers the stored one when the id is taken (a replay). */
  create(subscription: NewSubscription): Promise<{ readonly created: boolean; readonly record: SubscriptionRecord }>;
  find(subscriptionId: string): Promise<SubscriptionRecord | undefined>;
  /** The owner's subscriptions that are not deleted, oldest first. */
  listOwned(owner: string): Promise<SubscriptionRecord[]>;
  /** Active subscriptions whose next attempt is due at `now`. */
  listDue(now: string): Promise<SubscriptionRecord[]>;
  /**
   * Logs an attempt of the dispatcher and, in the same transaction, applies its effect if the
   * subscription is still active at `from` (a replay or deletion meanwhile wins).
   */
  recordAttempt(attempt: NewAttempt, from: EventPosition | null, effect: AttemptEffect): Promise<void>;
  /** Logs a manual redelivery; the cursor and state stay as they are. */
  recordManualAttempt(attempt: NewAttempt): Promise<AttemptRecord>;
  /** Moves the cursor (back or forward), makes the subscription active and clears its failures. */
  restart(subscriptionId: string, after: EventPosition | null, now: string): Promise<void>;
  markDeleted(subscriptionId: string, now: string): Promise<void>;
  /** Newest first, those before `beforeAttemptId` when given. */
  attempts(subscriptionId: string, limit: number, beforeAttemptId?: number): Promise<AttemptRecord[]>;
}
