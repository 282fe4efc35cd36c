import { Pool, type PoolClient, type PoolConfig } from 'pg';

import type { EventPosition } from '../../readmodel/store';
import { withTransaction } from '../../storage/postgres-transaction';
import { type AttemptRow, type SubscriptionRow, toAttempt, toSubscription } from './db-rows';
import type { AttemptEffect, AttemptRecord, NewAttempt, NewSubscription, SubscriptionRecord, SubscriptionStore } from './store';

// Any constant works; it only has to be the same in every gateway sharing the database.
const SCHEMA_LOCK = 7_107_955_432;

/** The tables of the SQLite store (./sqlite-store.ts) with BIGINT blocks and a BIGSERIAL log. */
const DDL = `
  CREATE TABLE IF NOT EXISTS webhook_subscriptions (
    subscription_id TEXT COLLATE "C" PRIMARY KEY, owner TEXT COLLATE "C" NOT NULL, request_hash TEXT NOT NULL,
    url TEXT NOT NULL, names_json TEXT, account TEXT, sealed_secret TEXT NOT NULL, max_attempts INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('active', 'dead', 'deleted')), cursor_block BIGINT, cursor_tx INTEGER,
    failed_attempts INTEGER NOT NULL, next_attempt_at TEXT COLLATE "C", created_at TEXT COLLATE "C" NOT NULL,
    updated_at TEXT NOT NULL);
  CREATE INDEX IF NOT EXISTS webhook_subscriptions_by_owner ON webhook_subscriptions (owner, created_at);
  CREATE INDEX IF NOT EXISTS webhook_subscriptions_due ON webhook_subscriptions (state, next_attempt_at);
  CREATE TABLE IF NOT EXISTS webhook_attempts (
    attempt_id BIGSERIAL PRIMARY KEY, subscription_id TEXT NOT NULL REFERENCES webhook_subscriptions (subscription_id),
    event_id TEXT NOT NULL, attempt INTEGER NOT NULL, manual BOOLEAN NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('delivered', 'failed', 'dead-lettered')), status INTEGER, error TEXT,
    duration_ms INTEGER NOT NULL, at TEXT NOT NULL);
  CREATE INDEX IF NOT EXISTS webhook_attempts_by_subscription ON webhook_attempts (subscription_id, attempt_id);
`;

// The dispatcher's updates apply only to the subscription it read: still active, its cursor unmoved.
const AT_CURSOR =
  "subscription_id = $1 AND state = 'active' AND cursor_block IS NOT DISTINCT FROM $2 AND cursor_tx IS NOT DISTINCT FROM $3";

/**
 * {@link SubscriptionStore} on PostgreSQL (`LOULAN_WEBHOOK_STORE=postgres`), for a gateway whose
 * state lives there rather than in its SQLite file; the same rules as the SQLite store.
 */
export class PostgresSubscriptionStore implements SubscriptionStore {
  private constructor(private readonly pool: Pool) {}

  /**
   * Connects and creates the tables unless they exist; fails when the server cannot be reached, so
   * a wrong URL stops the gateway at start-up.
   *
   * @param onIdleError - told about errors of idle pooled connections, which pg would otherwise raise
   *   as an unhandled 'error' event
   */
  static async open(config: PoolConfig, onIdleError: (err: Error) => void): Promise<PostgresSubscriptionStore> {
    const pool = new Pool(config);
    pool.on('error', onIdleError);
    try {
      await withTransaction(pool, 'BEGIN', async (client) => {
        await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
        await client.query(DDL);
      });
    } catch (err) {
      await pool.end();
      throw err;
    }
    return new PostgresSubscriptionStore(pool);
  }

  /** Closes every pooled connection. */
  async close(): Promise<void> {
    await this.pool.end();
  }

  async create(subscription: NewSubscription): Promise<{ created: boolean; record: SubscriptionRecord }> {
    const { after, filter } = subscription;
    const inserted = await this.pool.query(
      `INSERT INTO webhook_subscriptions (subscription_id, owner, request_hash, url, names_json, account, sealed_secret,
         max_attempts, state, cursor_block, cursor_tx, failed_attempts, next_attempt_at, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'active', $9, $10, 0, NULL, $11, $11) ON CONFLICT (subscription_id) DO NOTHING`,
      [
        subscription.subscriptionId,
        subscription.owner,
        subscription.requestHash,
        subscription.url,
        filter.names === undefined ? null : JSON.stringify(filter.names),
        filter.account ?? null,
        subscription.sealedSecret,
        subscription.maxAttempts,
        after === undefined ? null : after.block.toString(),
        after === undefined ? null : after.txIndex,
        subscription.now,
      ],
    );
    const record = await this.find(subscription.subscriptionId);
    if (record === undefined) {
      throw new Error(`subscription ${subscription.subscriptionId} vanished after its insert`);
    }
    return { created: inserted.rowCount === 1, record };
  }

  async find(subscriptionId: string): Promise<SubscriptionRecord | undefined> {
    const { rows } = await this.pool.query<SubscriptionRow>('SELECT * FROM webhook_subscriptions WHERE subscription_id = $1', [
      subscriptionId,
    ]);
    const row = rows[0];
    return row === undefined ? undefined : toSubscription(row);
  }

  async listOwned(owner: string): Promise<SubscriptionRecord[]> {
    const { rows } = await this.pool.query<SubscriptionRow>(
      "SELECT * FROM webhook_subscriptions WHERE owner = $1 AND state <> 'deleted' ORDER BY created_at, subscription_id",
      [owner],
    );
    return rows.map(toSubscription);
  }

  async listDue(now: string): Promise<SubscriptionRecord[]> {
    const { rows } = await this.pool.query<SubscriptionRow>(
      `SELECT * FROM webhook_subscriptions WHERE state = 'active' AND (next_attempt_at IS NULL OR next_attempt_at <= $1)
       ORDER BY subscription_id`,
      [now],
    );
    return rows.map(toSubscription);
  }

  async recordAttempt(attempt: NewAttempt, from: EventPosition | null, effect: AttemptEffect): Promise<void> {
    await withTransaction(this.pool, 'BEGIN', async (client) => {
      await insertAttempt(client, attempt);
      const where = [attempt.subscriptionId, from === null ? null : from.block.toString(), from === null ? null : from.txIndex];
      if (effect.kind === 'advance') {
        await client.query(
          `UPDATE webhook_subscriptions SET cursor_block = $4, cursor_tx = $5, failed_attempts = 0, next_attempt_at = NULL,
             updated_at = $6 WHERE ${AT_CURSOR}`,
          [...where, effect.to.block.toString(), effect.to.txIndex, attempt.at],
        );
      } else if (effect.kind === 'retry') {
        await client.query(
          `UPDATE webhook_subscriptions SET failed_attempts = $4, next_attempt_at = $5, updated_at = $6 WHERE ${AT_CURSOR}`,
          [...where, attempt.attempt, effect.at, attempt.at],
        );
      } else {
        await client.query(
          `UPDATE webhook_subscriptions SET state = 'dead', failed_attempts = $4, next_attempt_at = NULL, updated_at = $5 WHERE ${AT_CURSOR}`,
          [...where, attempt.attempt, attempt.at],
        );
      }
    });
  }

  async recordManualAttempt(attempt: NewAttempt): Promise<AttemptRecord> {
    const client = await this.pool.connect();
    try {
      return { ...attempt, attemptId: await insertAttempt(client, attempt) };
    } finally {
      client.release();
    }
  }

  async restart(subscriptionId: string, after: EventPosition | null, now: string): Promise<void> {
    await this.pool.query(
      `UPDATE webhook_subscriptions SET state = 'active', cursor_block = $2, cursor_tx = $3, failed_attempts = 0,
         next_attempt_at = NULL, updated_at = $4 WHERE subscription_id = $1 AND state <> 'deleted'`,
      [subscriptionId, after === null ? null : after.block.toString(), after === null ? null : after.txIndex, now],
    );
  }

  async markDeleted(subscriptionId: string, now: string): Promise<void> {
    await this.pool.query(
      "UPDATE webhook_subscriptions SET state = 'deleted', updated_at = $2 WHERE subscription_id = $1 AND state <> 'deleted'",
      [subscriptionId, now],
    );
  }

  async attempts(subscriptionId: string, limit: number, beforeAttemptId?: number): Promise<AttemptRecord[]> {
    const { rows } = await this.pool.query<AttemptRow>(
      'SELECT * FROM webhook_attempts WHERE subscription_id = $1 AND attempt_id < $2 ORDER BY attempt_id DESC LIMIT $3',
      [subscriptionId, beforeAttemptId ?? Number.MAX_SAFE_INTEGER, limit],
    );
    return rows.map(toAttempt);
  }

  /** Every subscription's sealed secret, for the master key rotation (tools/rotate-master-key.ts). */
  async sealedSecrets(): Promise<{ subscriptionId: string; sealed: string }[]> {
    const { rows } = await this.pool.query<{ subscription_id: string; sealed_secret: string }>(
      'SELECT subscription_id, sealed_secret FROM webhook_subscriptions ORDER BY subscription_id',
    );
    return rows.map((row) => ({ subscriptionId: row.subscription_id, sealed: row.sealed_secret }));
  }

  /** Replaces sealed secrets in one transaction: all of them or none. */
  async replaceSealedSecrets(secrets: readonly { subscriptionId: string; sealed: string }[]): Promise<void> {
    await withTransaction(this.pool, 'BEGIN', async (client) => {
      for (const { subscriptionId, sealed } of secrets) {
        await client.query('UPDATE webhook_subscriptions SET sealed_secret = $2 WHERE subscription_id = $1', [subscriptionId, sealed]);
      }
    });
  }
}

async function insertAttempt(client: PoolClient, attempt: NewAttempt): Promise<number> {
  const { rows } = await client.query<{ attempt_id: string }>(
    `INSERT INTO webhook_attempts (subscription_id, event_id, attempt, manual, outcome, status, error, duration_ms, at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING attempt_id`,
    [
      attempt.subscriptionId,
      attempt.eventId,
      attempt.attempt,
      attempt.manual,
      attempt.outcome,
      attempt.status,
      attempt.error,
      attempt.durationMs,
      attempt.at,
    ],
  );
  return Number(rows[0]?.attempt_id);
}
