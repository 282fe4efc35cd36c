import { type Database, type Migration, sqlMigration, StatementCache } from '../storage/database';

/** Life cycle of a journalled transaction: PENDING until its commit status, or a definite rejection, is known. */
export type JournalState = 'PENDING' | 'COMMITTED' | 'INVALID' | 'REJECTED';

/** What is needed to find out, after any failure or restart, whether a transaction committed. */
export interface JournalEntry {
  readonly transactionId: string;
  /** The signed, endorsed transaction (`Transaction.getBytes()`), re-sendable as is. */
  readonly transaction: Uint8Array;
  /** The signed commit-status request, answerable by the peer for whoever sends it. */
  readonly commitRequest: Uint8Array;
  /** SHA-256 of contract, transaction name and arguments, to tie an entry to the request that caused it. */
  readonly fingerprint: string;
}

/** How a journal entry ended. */
export interface Settlement {
  readonly state: Exclude<JournalState, 'PENDING'>;
  readonly validationCode?: number;
  readonly blockNumber?: bigint;
}

/** Which pending entries {@link TransactionJournal.pending} lists. */
export interface PendingQuery {
  /** Most entries listed. */
  readonly limit?: number;
  /** Only entries recorded before this instant, e.g. to leave alone those a request is still waiting for. */
  readonly recordedBefore?: Date;
}

/**
 * Durable record of transactions sent to ordering. An entry is written before the envelope leaves the
 * gateway, so an outcome lost to a timeout or a crash can still be resolved by transaction id.
 */
export interface TransactionJournal {
  record(entry: JournalEntry): void;
  settle(transactionId: string, settlement: Settlement): void;
  /**
   * Entries whose outcome is still unknown, those looked up least recently first (see {@link postpone}), so
   * entries that stay unknown for long do not keep newer ones from being looked up.
   */
  pending(query?: PendingQuery): JournalEntry[];
  /** How many entries are pending. */
  pendingCount(): number;
  /** Notes that a pending entry was looked up and is still unknown: it goes to the back of {@link pending}. */
  postpone(transactionId: string): void;
  /** Deletes settled entries last updated before `before`; returns how many. */
  pruneSettled(before: Date): number;
}

/** Schema of the journal table, for `openDatabase(file, extraMigrations)` of the shared database. */
export const TRANSACTION_JOURNAL_MIGRATIONS: readonly Migration[] = [
  sqlMigration(
    'journal/001-pending-transactions',
    `
CREATE TABLE fabric_pending_transactions (
  tx_id TEXT PRIMARY KEY,
  transaction_bytes BLOB NOT NULL,
  commit_request BLOB NOT NULL,
  fingerprint TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('PENDING', 'COMMITTED', 'INVALID', 'REJECTED')),
  validation_code INTEGER,
  block_number TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX fabric_pending_transactions_state ON fabric_pending_transactions (state, created_at);
`,
  ),
  // pending() orders by the last look-up (updated_at) since the background resolution takes batches.
  sqlMigration(
    'journal/002-pending-by-last-lookup',
    `CREATE INDEX fabric_pending_transactions_lookup ON fabric_pending_transactions (state, updated_at, created_at);`,
  ),
];

/**
 * {@link TransactionJournal} in a table of the gateway's SQLite database (better-sqlite3, synchronous, so a
 * row is on disk before the envelope is sent). The database must have {@link TRANSACTION_JOURNAL_MIGRATIONS}.
 */
export class SqliteTransactionJournal implements TransactionJournal {
  private readonly statements: StatementCache;

  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.statements = new StatementCache(db);
  }

  record(entry: JournalEntry): void {
    const at = this.now().toISOString();
    this.statements
      .get(
        `INSERT INTO fabric_pending_transactions
           (tx_id, transaction_bytes, commit_request, fingerprint, state, created_at, updated_at)
         VALUES (?, ?, ?, ?, 'PENDING', ?, ?)`,
      )
      .run(entry.transactionId, Buffer.from(entry.transaction), Buffer.from(entry.commitRequest), entry.fingerprint, at, at);
  }

  settle(transactionId: string, settlement: Settlement): void {
    this.statements
      .get(
        `UPDATE fabric_pending_transactions
         SET state = ?, validation_code = ?, block_number = ?, updated_at = ?
         WHERE tx_id = ?`,
      )
      .run(
        settlement.state,
        settlement.validationCode ?? null,
        settlement.blockNumber?.toString() ?? null,
        this.now().toISOString(),
        transactionId,
      );
  }

  pending(query: PendingQuery = {}): JournalEntry[] {
    // ISO-8601 UTC strings of one format compare like the instants they denote; LIMIT -1 is no limit.
    const before = query.recordedBefore?.toISOString() ?? null;
    const rows: unknown[] = this.db
      .prepare(
        `SELECT tx_id, transaction_bytes, commit_request, fingerprint FROM fabric_pending_transactions
         WHERE state = 'PENDING' AND (? IS NULL OR created_at < ?)
         ORDER BY updated_at, created_at, tx_id
         LIMIT ?`,
      )
      .all(before, before, query.limit ?? -1);
    return rows.map(toEntry);
  }

  pendingCount(): number {
    const count: unknown = this.db.prepare(`SELECT COUNT(*) FROM fabric_pending_transactions WHERE state = 'PENDING'`).pluck().get();
    return typeof count === 'number' ? count : 0;
  }

  postpone(transactionId: string): void {
    this.statements
      .get(`UPDATE fabric_pending_transactions SET updated_at = ? WHERE tx_id = ? AND state = 'PENDING'`)
      .run(this.now().toISOString(), transactionId);
  }

  pruneSettled(before: Date): number {
    return this.db.prepare(`DELETE FROM fabric_pending_transactions WHERE state <> 'PENDING' AND updated_at < ?`).run(before.toISOString())
      .changes;
  }
}

function toEntry(row: unknown): JournalEntry {
  if (typeof row !== 'object' || row === null) {
    throw new Error('journal row is not an object');
  }
  const { tx_id, transaction_bytes, commit_request, fingerprint } = row as Record<string, unknown>;
  if (
    typeof tx_id !== 'string' ||
    !(transaction_bytes instanceof Uint8Array) ||
    !(commit_request instanceof Uint8Array) ||
    typeof fingerprint !== 'string'
  ) {
    throw new Error('journal row has an unexpected shape');
  }
  return { transactionId: tx_id, transaction: transaction_bytes, commitRequest: commit_request, fingerprint };
}
