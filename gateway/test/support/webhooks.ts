import { DEFAULT_WEBHOOKS_CONFIG, type WebhooksConfig } from '../../src/events/webhooks/config';
import type { Deliver, DeliveryRequest, DeliveryResult } from '../../src/events/webhooks/deliver';
import { Subscriptions } from '../../src/events/webhooks/service';
import { SqliteSubscriptionStore, WEBHOOK_MIGRATIONS } from '../../src/events/webhooks/sqlite-store';
import type { EventRow } from '../../src/readmodel/rows';
import { READ_MODEL_MIGRATIONS, SqliteReadModelStore } from '../../src/readmodel/sqlite-store';
import { openDatabase } from '../../src/storage/database';
import { testKeyRing } from './members-fixtures';
import { block } from './store-contract';

/** A read model and a webhook store in one in-memory database, with a receiver that answers as told. */
export interface WebhookBench {
  readonly events: SqliteReadModelStore;
  readonly store: SqliteSubscriptionStore;
  readonly subscriptions: Subscriptions;
  readonly config: WebhooksConfig;
  /** Every delivery made, in order. */
  readonly received: DeliveryRequest[];
  /** The receiver's answer to the next deliveries (2xx by default). */
  answer: (request: DeliveryRequest) => DeliveryResult;
  readonly deliver: Deliver;
  /** The clock every part reads; tests move it. */
  now: Date;
  /** Stores block `n` with one event per `[name, accounts]`. */
  addBlock(n: number, events: readonly (readonly [string, readonly string[]])[]): Promise<void>;
}

/** An answer of the fake receiver. */
export const ANSWERED = (status: number): DeliveryResult => ({
  ok: status >= 200 && status < 300,
  status,
  error: status < 300 ? null : `answered ${String(status)}`,
  durationMs: 1,
});

/** A fresh {@link WebhookBench}. */
export function webhookBench(config: Partial<WebhooksConfig> = {}): WebhookBench {
  const db = openDatabase(':memory:', [...READ_MODEL_MIGRATIONS, ...WEBHOOK_MIGRATIONS]);
  const events = new SqliteReadModelStore(db);
  const store = new SqliteSubscriptionStore(db);
  const received: DeliveryRequest[] = [];
  const fullConfig = { ...DEFAULT_WEBHOOKS_CONFIG, ...config };
  const controls = { answer: (_request: DeliveryRequest): DeliveryResult => ANSWERED(204), now: new Date('2025-03-01T00:00:00.000Z') };
  const deliver: Deliver = (request) => {
    received.push(request);
    return Promise.resolve(controls.answer(request));
  };
  const subscriptions = new Subscriptions({
    store,
    events,
    sealer: testKeyRing(),
    config: fullConfig,
    deliver,
    wake: () => undefined,
    clock: () => controls.now,
  });
  const addBlock = async (n: number, rows: readonly (readonly [string, readonly string[]])[]): Promise<void> => {
    const eventRows: EventRow[] = rows.map(([name, accounts], txIndex) => ({
      txId: `tx-${String(n)}-${String(txIndex)}`,
      block: BigInt(n),
      txIndex,
      name,
      payload: JSON.stringify({ n, txIndex }),
      time: '2025-03-01T00:00:00.000Z',
      accounts: [...accounts],
    }));
    await events.applyBlock(block(n, { events: eventRows }));
  };
  return Object.assign(controls, { events, store, subscriptions, config: fullConfig, received, deliver, addBlock });
}
