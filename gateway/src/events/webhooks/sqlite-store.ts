import type { EventPosition } from '../../readmodel/store';
import type { Database, Migration } from '../../storage/database';
import { sqlMigration, StatementCache } from '../../storage/database';
import type { SealedColumn } from '../../storage/reseal';
import { type AttemptRow, type SubscriptionRow, toAttempt, toSubscription } from './db-rows';
import type { AttemptEffect, AttemptRecord, NewAttempt, NewSubscription, SubscriptionRecord, SubscriptionStore } from './store';

/**
 * The webhook tables in the gateway's database. The cursor is a position in the read model's event
 * order (block as decimal text: a 64-bit value). Attempts reference their subscription, which is never
 * removed (deletion is a state), so the log of a deleted subscription stays readable.
 */
export const WEBHOOK_MIGRATIONS: readonly Migration[] = [
  sqlMigration(
    'webhooks/001-subscriptions-and-attempts',
    `
      CREATE TABLE webhook_subscriptions (
        subscription_id TEXT PRIMARY KEY,
        owner TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        url TEXT NOT NULL,
        names_json TEXT,
        account TEXT,
        sealed_secret TEXT NOT NULL,
        max_attempts INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('active', 'dead', 'deleted')),
        cursor_block TEXT,
        cursor_tx INTEGER,
        failed_attempts INTEGER NOT NULL,
        next_attempt_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX webhook_subscriptions_by_owner ON webhook_subscriptions (owner, created_at);
      CREATE INDEX webhook_subscriptions_due ON webhook_subscriptions (state, next_attempt_at);

      CREATE TABLE webhook_attempts (
        attempt_id INTEGER PRIMARY KEY AUTOINCREMENT,
        subscription_id TEXT NOT NULL REFERENCES webhook_subscriptions (subscription_id),
        event_id TEXT NOT NULL,
        attempt INTEGER NOT NULL,
        manual INTEGER NOT NULL CHECK (manual IN (0, 1)),
        outcome TEXT NOT NULL CHECK (outcome IN ('delivered', 'failed', 'dead-lettered')),
        status INTEGER,
        error TEXT,
        duration_ms INTEGER NOT NULL,
        at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX webhook_attempts_by_subscription ON webhook_attempts (subscription_id, attempt_id);
    `,
  ),
];

/** The context a subscription's secret is sealed with: a secret copied to another row does not open. */
export function webhookSecretContext(subscriptionId: string): string {
  return `webhook-secret:${subscriptionId}`;
}

/** The one sealed column of the webhook tables, for the master key rotation (storage/reseal.ts). */
export const WEBHOOK_SEALED_COLUMNS: readonly SealedColumn[] = [
  { table: 'webhook_subscriptions', column: 'sealed_secret', keyColumn: 'subscription_id', context: webhookSecretContext, optional: true },
];

// The dispatcher's updates apply only to the subscription it read: still active, its cursor unmoved.
const AT_CURSOR = "WHERE subscription_id = ? AND state = 'active' AND cursor_block IS ? AND cursor_tx IS ?";

const INSERT_ATTEMPT = `INSERT INTO webhook_attempts (subscription_id, event_id, attempt, manual, outcome, status, error, duration_ms, at)
  VALUES (@subscriptionId, @eventId, @attempt, @manual, @outcome, @status, @error, @durationMs, @at)`;

/** {@link SubscriptionStore} in the gateway's SQLite database (opened with {@link WEBHOOK_MIGRATIONS}). */
export class SqliteSubscriptionStore implements SubscriptionStore {
  private readonly statements: StatementCache;

  constructor(private readonly db: Database) {
    this.statements = new StatementCache(db);
  }

  async create(subscription: NewSubscription): Promise<{ created: boolean; record: SubscriptionRecord }> {
    const { after } = subscription;
    const inserted = this.statements
      .get(
        `INSERT INTO webhook_subscriptions (subscription_id, owner, request_hash, url, names_json, account, sealed_secret,
           max_attempts, state, cursor_block, cursor_tx, failed_attempts, next_attempt_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, 0, NULL, ?, ?) ON CONFLICT (subscription_id) DO NOTHING`,
      )
      .run(
        subscription.subscriptionId,
        subscription.owner,
        subscription.requestHash,
        subscription.url,
        subscription.filter.names === undefined ? null : JSON.stringify(subscription.filter.names),
        subscription.filter.account ?? null,
        subscription.sealedSecret,
        subscription.maxAttempts,
        after === undefined ? null : after.block.toString(),
        after === undefined ? null : after.txIndex,
        subscription.now,
        subscription.now,
      );
    const record = await this.find(subscription.subscriptionId);
    if (record === undefined) {
      throw new Error(`subscription ${subscription.subscriptionId} vanished after its insert`);
    }
    return { created: inserted.changes === 1, record };
  }

  async find(subscriptionId: string): Promise<SubscriptionRecord | undefined> {
    const row = this.statements
      .get<[string], SubscriptionRow>('SELECT * FROM webhook_subscriptions WHERE subscription_id = ?')
      .get(subscriptionId);
    return row === undefined ? undefined : toSubscription(row);
  }

  async listOwned(owner: string): Promise<SubscriptionRecord[]> {
    return this.statements
      .get<[string], SubscriptionRow>(
        "SELECT * FROM webhook_subscriptions WHERE owner = ? AND state <> 'deleted' ORDER BY created_at, subscription_id",
      )
      .all(owner)
      .map(toSubscription);
  }

  async listDue(now: string): Promise<SubscriptionRecord[]> {
    return this.statements
      .get<[string], SubscriptionRow>(
        `SELECT * FROM webhook_subscriptions WHERE state = 'active' AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
         ORDER BY subscription_id`,
      )
      .all(now)
      .map(toSubscription);
  }

  async recordAttempt(attempt: NewAttempt, from: EventPosition | null, effect: AttemptEffect): Promise<void> {
    this.db.transaction(() => {
      this.insertAttempt(attempt);
      const at = attempt.at;
      const where = [attempt.subscriptionId, from === null ? null : from.block.toString(), from === null ? null : from.txIndex];
      if (effect.kind === 'advance') {
        this.statements
          .get(
            `UPDATE webhook_subscriptions SET cursor_block = ?, cursor_tx = ?, failed_attempts = 0, next_attempt_at = NULL,
               updated_at = ? ${AT_CURSOR}`,
          )
          .run(effect.to.block.toString(), effect.to.txIndex, at, ...where);
      } else if (effect.kind === 'retry') {
        this.statements
          .get(`UPDATE webhook_subscriptions SET failed_attempts = ?, next_attempt_at = ?, updated_at = ? ${AT_CURSOR}`)
          .run(attempt.attempt, effect.at, at, ...where);
      } else {
        this.statements
          .get(`UPDATE webhook_subscriptions SET state = 'dead', failed_attempts = ?, next_attempt_at = NULL, updated_at = ? ${AT_CURSOR}`)
          .run(attempt.attempt, at, ...where);
      }
    })();
  }

  async recordManualAttempt(attempt: NewAttempt): Promise<AttemptRecord> {
    const attemptId = Number(this.insertAttempt(attempt));
    return { ...attempt, attemptId };
  }

  async restart(subscriptionId: string, after: EventPosition | null, now: string): Promise<void> {
    this.statements
      .get(
        `UPDATE webhook_subscriptions SET state = 'active', cursor_block = ?, cursor_tx = ?, failed_attempts = 0,
           next_attempt_at = NULL, updated_at = ? WHERE subscription_id = ? AND state <> 'deleted'`,
      )
      .run(after === null ? null : after.block.toString(), after === null ? null : after.txIndex, now, subscriptionId);
  }

  async markDeleted(subscriptionId: string, now: string): Promise<void> {
    this.statements
      .get("UPDATE webhook_subscriptions SET state = 'deleted', updated_at = ? WHERE subscription_id = ? AND state <> 'deleted'")
      .run(now, subscriptionId);
  }

  async attempts(subscriptionId: string, limit: number, beforeAttemptId?: number): Promise<AttemptRecord[]> {
    return this.statements
      .get<[string, number, number], AttemptRow>(
        'SELECT * FROM webhook_attempts WHERE subscription_id = ? AND attempt_id < ? ORDER BY attempt_id DESC LIMIT ?',
      )
      .all(subscriptionId, beforeAttemptId ?? Number.MAX_SAFE_INTEGER, limit)
      .map(toAttempt);
  }

  private insertAttempt(attempt: NewAttempt): number | bigint {
    return this.statements.get(INSERT_ATTEMPT).run({ ...attempt, manual: attempt.manual ? 1 : 0 }).lastInsertRowid;
  }
}
