import type { AttemptRecord, SubscriptionRecord, SubscriptionState } from './store';

/**
 * The webhook tables' rows as both stores read them: SQLite keeps the cursor's block as text and
 * PostgreSQL as BIGINT, which pg answers as text, so one row shape and one mapping serve both;
 * only the attempt id (INTEGER or BIGSERIAL) and the manual flag (0/1 or BOOLEAN) differ.
 */
export interface SubscriptionRow {
  subscription_id: string;
  owner: string;
  request_hash: string;
  url: string;
  names_json: string | null;
  account: string | null;
  sealed_secret: string;
  max_attempts: number;
  state: SubscriptionState;
  cursor_block: string | null;
  cursor_tx: number | null;
  failed_attempts: number;
  next_attempt_at: string | null;
  created_at: string;
  updated_at: string;
}

/** A delivery log row. */
export interface AttemptRow {
  attempt_id: number | string;
  subscription_id: string;
  event_id: string;
  attempt: number;
  manual: number | boolean;
  outcome: AttemptRecord['outcome'];
  status: number | null;
  error: string | null;
  duration_ms: number;
  at: string;
}

/** A stored subscription from its row. */
export function toSubscription(row: SubscriptionRow): SubscriptionRecord {
  const names = row.names_json === null ? undefined : (JSON.parse(row.names_json) as string[]);
  return {
    subscriptionId: row.subscription_id,
    owner: row.owner,
    requestHash: row.request_hash,
    url: row.url,
    filter: { ...(names === undefined ? {} : { names }), ...(row.account === null ? {} : { account: row.account }) },
    sealedSecret: row.sealed_secret,
    maxAttempts: row.max_attempts,
    state: row.state,
    cursor: row.cursor_block === null ? null : { block: BigInt(row.cursor_block), txIndex: row.cursor_tx ?? 0 },
    failedAttempts: row.failed_attempts,
    nextAttemptAt: row.next_attempt_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** A logged attempt from its row. */
export function toAttempt(row: AttemptRow): AttemptRecord {
  return {
    attemptId: Number(row.attempt_id),
    subscriptionId: row.subscription_id,
    eventId: row.event_id,
    attempt: row.attempt,
    manual: row.manual === true || row.manual === 1,
    outcome: row.outcome,
    status: row.status,
    error: row.error,
    durationMs: row.duration_ms,
    at: row.at,
  };
}
