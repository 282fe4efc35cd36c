/**
 * Webhook subscriptions as their owners manage them (docs/events.md, "Webhooks"): create (idempotent
 * by Idempotency-Key), read, delete, replay from a block, redeliver one event, read the delivery log.
 * Each subscription is its creator's alone: another member, whatever its role, is told 404.
 *
 * @packageDocumentation
 */
import { createHash } from 'node:crypto';

import type { AuthenticatedMember } from '../../auth/authenticated-member';
import { AppError, ConflictError, ForbiddenError, NotFoundError } from '../../errors';
import type { EventPosition, ReadModelStore } from '../../readmodel/store';
import type { KeyRing } from '../../storage/key-ring';
import { END_OF_BLOCK, mayReceiveEvents, visibleEvents } from '../filter';
import { eventMessage } from '../message';
import type { WebhooksConfig } from './config';
import type { Deliver } from './deliver';
import { generateWebhookSecret } from './signature';
import { webhookSecretContext } from './sqlite-store';
import type { AttemptRecord, SubscriptionRecord, SubscriptionState, SubscriptionStore } from './store';
import { allowedWebhookUrl } from './url-policy';

/** A subscription as its owner reads it; the secret is never shown again after its creation. */
export interface SubscriptionView {
  readonly subscriptionId: string;
  readonly url: string;
  /** The event names delivered; null for every name. */
  readonly types: readonly string[] | null;
  readonly account: string | null;
  readonly state: SubscriptionState;
  readonly maxAttempts: number;
  /** Deliveries go on after this event id (`<block>-999999`: after the whole block); null from the chain's start. */
  readonly after: string | null;
  /** Failed attempts at the next event. */
  readonly failedAttempts: number;
  readonly nextAttemptAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** What a subscriber asks for (the validated body of `POST /v1/subscriptions`, ./dtos.ts). */
export interface SubscriptionRequest {
  readonly url: string;
  readonly types?: readonly string[];
  readonly module?: string;
  readonly account?: string;
  readonly secret?: string;
  readonly maxAttempts?: number;
  /** A block number, decimal. */
  readonly fromBlock?: string;
}

/** The answer of a creation, and of its replays: the view and the secret. */
export interface CreatedSubscription extends SubscriptionView {
  readonly secret: string;
}

/** A page of the delivery log, newest first; `next` is the `before` of the following page. */
export interface DeliveryLogPage {
  readonly items: readonly AttemptRecord[];
  readonly next: string | null;
}

/** What the service needs. */
export interface SubscriptionsDeps {
  readonly store: SubscriptionStore;
  readonly events: Pick<ReadModelStore, 'events' | 'checkpoint'>;
  readonly sealer: Pick<KeyRing, 'seal' | 'open'>;
  readonly config: WebhooksConfig;
  readonly deliver: Deliver;
  /** Tells the dispatcher there is something to deliver. */
  readonly wake: () => void;
  readonly clock: () => Date;
}

/** The owners' side of webhooks. */
export class Subscriptions {
  constructor(private readonly deps: SubscriptionsDeps) {}

  /**
   * @param key - the request's Idempotency-Key: the same key with the same body answers the original
   * @returns `created` false for a replay
   * @throws ForbiddenError when the caller may receive no events; UrlNotAllowedError; ValidationError
   *   on unknown event names; ConflictError when the key was used for another request or the caller
   *   holds the most subscriptions allowed
   */
  async create(
    caller: AuthenticatedMember,
    key: string,
    request: SubscriptionRequest,
  ): Promise<{ created: boolean; answer: CreatedSubscription }> {
    authorizeSubscriber(caller);
    const url = allowedWebhookUrl(request.url, this.deps.config.allowedHosts);
    const filter = visibleEvents(caller, request);
    const subscriptionId = subscriptionIdOf(caller.memberId, key);
    const requestHash = hashOf(request);
    const existing = await this.deps.store.find(subscriptionId);
    if (existing !== undefined) {
      return { created: false, answer: this.replayOf(existing, requestHash) };
    }
    if ((await this.deps.store.listOwned(caller.memberId)).length >= this.deps.config.maxPerMember) {
      throw new ConflictError(`a member may hold ${String(this.deps.config.maxPerMember)} subscriptions; delete one first`);
    }
    const secret = request.secret ?? generateWebhookSecret();
    const after = request.fromBlock === undefined ? await this.checkpointPosition() : positionBefore(BigInt(request.fromBlock));
    const { created, record } = await this.deps.store.create({
      subscriptionId,
      owner: caller.memberId,
      requestHash,
      url,
      filter,
      sealedSecret: this.deps.sealer.seal(secret, webhookSecretContext(subscriptionId)),
      maxAttempts: request.maxAttempts ?? this.deps.config.maxAttempts,
      ...(after === null ? {} : { after }),
      now: this.now(),
    });
    this.deps.wake();
    return { created, answer: created ? { ...viewOf(record), secret } : this.replayOf(record, requestHash) };
  }

  /** The caller's subscriptions that are not deleted. */
  async list(caller: AuthenticatedMember): Promise<SubscriptionView[]> {
    return (await this.deps.store.listOwned(caller.memberId)).map(viewOf);
  }

  /** @throws NotFoundError when the caller holds no such subscription */
  async get(caller: AuthenticatedMember, subscriptionId: string): Promise<SubscriptionView> {
    return viewOf(await this.owned(caller, subscriptionId));
  }

  /** Stops the deliveries for good; deleting again answers the deleted subscription. */
  async delete(caller: AuthenticatedMember, subscriptionId: string): Promise<SubscriptionView> {
    await this.owned(caller, subscriptionId);
    await this.deps.store.markDeleted(subscriptionId, this.now());
    return viewOf(await this.owned(caller, subscriptionId));
  }

  /**
   * Delivers again from `fromBlock` on, active again if it was dead-lettered; the receiver gets the
   * events it has already had a second time (it deduplicates by event id).
   *
   * @throws ConflictError for a deleted subscription
   */
  async replay(caller: AuthenticatedMember, subscriptionId: string, fromBlock: bigint): Promise<SubscriptionView> {
    const subscription = await this.owned(caller, subscriptionId);
    if (subscription.state === 'deleted') {
      throw new ConflictError('a deleted subscription cannot be replayed', { details: { subscriptionId } });
    }
    await this.deps.store.restart(subscriptionId, positionBefore(fromBlock), this.now());
    this.deps.wake();
    return viewOf(await this.owned(caller, subscriptionId));
  }

  /**
   * Sends one event of the subscription again, now, once, and logs the attempt; the cursor and the
   * state stay as they are (a dead subscription comes back by a replay).
   *
   * @throws NotFoundError when the read model holds no such event for this subscription
   */
  async redeliver(caller: AuthenticatedMember, subscriptionId: string, eventId: string): Promise<AttemptRecord> {
    const subscription = await this.owned(caller, subscriptionId);
    const position = positionOfId(eventId);
    const after = positionJustBefore(position);
    const [event] = await this.deps.events.events({ ...subscription.filter, ...(after === null ? {} : { after }), limit: 1 });
    if (event === undefined || event.block !== position.block || event.txIndex !== position.txIndex) {
      throw new NotFoundError(`subscription ${subscriptionId} has no event ${eventId}`, { details: { subscriptionId, eventId } });
    }
    const result = await this.deps.deliver({
      url: subscription.url,
      secret: this.secretOf(subscription),
      message: eventMessage(event),
      attempt: 0,
      timeoutMs: this.deps.config.timeoutMs,
    });
    return this.deps.store.recordManualAttempt({
      subscriptionId,
      eventId,
      attempt: 0,
      manual: true,
      outcome: result.ok ? 'delivered' : 'failed',
      status: result.status,
      error: result.error,
      durationMs: result.durationMs,
      at: this.now(),
    });
  }

  /** One page of the delivery log, newest first. */
  async deliveries(caller: AuthenticatedMember, subscriptionId: string, pageSize: number, before?: number): Promise<DeliveryLogPage> {
    await this.owned(caller, subscriptionId);
    const items = await this.deps.store.attempts(subscriptionId, pageSize, before);
    const last = items.at(-1);
    return { items, next: items.length === pageSize && last !== undefined ? String(last.attemptId) : null };
  }

  /** The secret of a subscription, opened with the master key ring. */
  secretOf(subscription: SubscriptionRecord): string {
    return this.deps.sealer.open(subscription.sealedSecret, webhookSecretContext(subscription.subscriptionId)).toString('utf8');
  }

  private replayOf(existing: SubscriptionRecord, requestHash: string): CreatedSubscription {
    if (existing.requestHash !== requestHash) {
      throw new AppError('DUPLICATE_REQUEST', 'this Idempotency-Key created another subscription', {
        details: { subscriptionId: existing.subscriptionId },
      });
    }
    return { ...viewOf(existing), secret: this.secretOf(existing) };
  }

  private async owned(caller: AuthenticatedMember, subscriptionId: string): Promise<SubscriptionRecord> {
    const subscription = await this.deps.store.find(subscriptionId);
    if (subscription?.owner !== caller.memberId) {
      throw new NotFoundError(`no subscription ${subscriptionId}`, { details: { subscriptionId } });
    }
    return subscription;
  }

  private async checkpointPosition(): Promise<EventPosition | null> {
    const checkpoint = await this.deps.events.checkpoint();
    return checkpoint === null ? null : { block: checkpoint.block, txIndex: END_OF_BLOCK };
  }

  private now(): string {
    return this.deps.clock().toISOString();
  }
}

/**
 * Who may subscribe: whoever may receive events (./filter.ts); checked before the body, so a member
 * without the right learns nothing from validation messages.
 *
 * @throws ForbiddenError otherwise (the retail and bank org admins, who hold no account)
 */
export function authorizeSubscriber(caller: AuthenticatedMember): void {
  if (!mayReceiveEvents(caller)) {
    throw new ForbiddenError('only members who hold an account, auditors and the platform admin may subscribe to events');
  }
}

/** The id of the subscription a member creates with an Idempotency-Key: the same key, the same id. */
export function subscriptionIdOf(owner: string, key: string): string {
  return `sub-${createHash('sha256').update(`${owner}\n${key}`).digest('hex').slice(0, 32)}`;
}

function hashOf(request: SubscriptionRequest): string {
  const fields = [request.url, request.types ?? null, request.module ?? null, request.account ?? null, request.secret ?? null];
  return createHash('sha256')
    .update(JSON.stringify([...fields, request.maxAttempts ?? null, request.fromBlock ?? null]))
    .digest('hex');
}

/** The cursor that delivers `block`'s events next: after the block before it; null from block 0. */
function positionBefore(block: bigint): EventPosition | null {
  return block === 0n ? null : { block: block - 1n, txIndex: END_OF_BLOCK };
}

/** The position right before an event's, so that the read model's "after" finds that event first. */
function positionJustBefore(position: EventPosition): EventPosition | null {
  return position.txIndex > 0 ? { block: position.block, txIndex: position.txIndex - 1 } : positionBefore(position.block);
}

function positionOfId(eventId: string): EventPosition {
  const [block = '0', txIndex = '0'] = eventId.split('-');
  return { block: BigInt(block), txIndex: Number(txIndex) };
}

function viewOf(record: SubscriptionRecord): SubscriptionView {
  return {
    subscriptionId: record.subscriptionId,
    url: record.url,
    types: record.filter.names ?? null,
    account: record.filter.account ?? null,
    state: record.state,
    maxAttempts: record.maxAttempts,
    after: record.cursor === null ? null : `${record.cursor.block.toString()}-${String(record.cursor.txIndex)}`,
    failedAttempts: record.failedAttempts,
    nextAttemptAt: record.nextAttemptAt,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}
