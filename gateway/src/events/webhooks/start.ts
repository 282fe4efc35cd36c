import { NotFoundError } from '../../errors';
import type { Logger } from '../../logger';
import type { ReadModelControl } from '../../readmodel/routes';
import type { ReadModelStore } from '../../readmodel/store';
import type { Database } from '../../storage/database';
import type { KeyRing } from '../../storage/key-ring';
import { DEFAULT_WEBHOOKS_CONFIG, type WebhooksConfig } from './config';
import { deliverOverHttp } from './deliver';
import { type RunningDispatcher, startDispatcher } from './dispatcher';
import { PostgresSubscriptionStore } from './postgres-store';
import { Subscriptions } from './service';
import { SqliteSubscriptionStore } from './sqlite-store';
import type { SubscriptionStore } from './store';

/** What {@link startWebhooks} needs from the rest of the gateway. */
export interface WebhooksDeps {
  /** The gateway's database, opened with WEBHOOK_MIGRATIONS; the store unless PostgreSQL is configured. */
  readonly database: Database;
  readonly keyRing: KeyRing;
  readonly readModel: {
    readonly store: Pick<ReadModelStore, 'events' | 'checkpoint'>;
    readonly control: Pick<ReadModelControl, 'onApplied'>;
  };
  /** Whether a subscription's owner is still enabled (Members.isEnabled). */
  readonly ownerEnabled: (memberId: string) => Promise<boolean>;
  readonly config: WebhooksConfig;
  readonly logger: Logger;
}

/** Webhooks running: the owners' service for the routes, and how to stop delivering at shutdown. */
export interface RunningWebhooks {
  readonly subscriptions: Subscriptions;
  /** Stops the dispatcher (waiting for the delivery under way) and closes a PostgreSQL store. */
  stop(): Promise<void>;
}

/**
 * Opens the configured store — the gateway's database (whose migrations must include
 * WEBHOOK_MIGRATIONS) or PostgreSQL — and starts delivering to its subscriptions, from their cursors.
 *
 * @throws when PostgreSQL cannot be reached or its tables cannot be created
 */
export async function startWebhooks(deps: WebhooksDeps): Promise<RunningWebhooks> {
  const { store, close } = await openStore(deps);
  const running = startOn(store, deps);
  return {
    subscriptions: running.subscriptions,
    stop: async () => {
      await running.dispatcher.stop();
      await close();
    },
  };
}

async function openStore(deps: WebhooksDeps): Promise<{ store: SubscriptionStore; close: () => Promise<void> }> {
  const { store } = deps.config;
  if (store.kind === 'sqlite') {
    // The database belongs to the caller, which closes it after the members and the journal.
    return { store: new SqliteSubscriptionStore(deps.database), close: async () => undefined };
  }
  const postgres = await PostgresSubscriptionStore.open({ connectionString: store.pgUrl, connectionTimeoutMillis: 10_000 }, (err) => {
    deps.logger.warn({ err }, 'webhook store PostgreSQL connection failed while idle');
  });
  return { store: postgres, close: () => postgres.close() };
}

function startOn(store: SubscriptionStore, deps: WebhooksDeps): { subscriptions: Subscriptions; dispatcher: RunningDispatcher } {
  const clock = (): Date => new Date();
  let wake = (): void => undefined;
  const subscriptions = new Subscriptions({
    store,
    events: deps.readModel.store,
    sealer: deps.keyRing,
    config: deps.config,
    deliver: deliverOverHttp,
    wake: () => {
      wake();
    },
    clock,
  });
  const dispatcher = startDispatcher(
    {
      store,
      events: deps.readModel.store,
      secretOf: (subscription) => subscriptions.secretOf(subscription),
      ownerEnabled: deps.ownerEnabled,
      deliver: deliverOverHttp,
      config: deps.config,
      logger: deps.logger,
      clock,
      random: Math.random,
    },
    (listener) => deps.readModel.control.onApplied(listener),
  );
  wake = (): void => {
    dispatcher.wake();
  };
  return { subscriptions, dispatcher };
}

/**
 * The subscriptions of an app built without webhooks (unit tests of other modules): the routes stay
 * mounted, so the API looks the same, and each answers 404 NOT_FOUND once its input is valid.
 */
export function unconfiguredSubscriptions(keyRing: KeyRing): Subscriptions {
  const fail = (): Promise<never> => Promise.reject(new NotFoundError('this gateway has no webhook store'));
  const store: SubscriptionStore = {
    create: fail,
    find: fail,
    listOwned: fail,
    listDue: fail,
    recordAttempt: fail,
    recordManualAttempt: fail,
    restart: fail,
    markDeleted: fail,
    attempts: fail,
  };
  return new Subscriptions({
    store,
    events: { events: fail, checkpoint: fail },
    sealer: keyRing,
    config: DEFAULT_WEBHOOKS_CONFIG,
    deliver: fail,
    wake: () => undefined,
    clock: () => new Date(),
  });
}
