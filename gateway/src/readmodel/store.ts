import type { BlockRows, MovementRow, PlanRow } from './rows';

/** Where the listener resumes: the last block whose rows are fully stored. */
export interface Checkpoint {
  readonly block: bigint;
  readonly txId: string | null;
}

/** One page of a keyset-paginated list; `cursor` is null on the last page. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly cursor: string | null;
}

/** Filters of {@link ReadModelStore.movements}: `from` inclusive, `to` exclusive (ISO instants). */
export interface MovementQuery {
  readonly from?: string;
  readonly to?: string;
  readonly limit: number;
  readonly cursor?: string;
}

/** A merchant's sales in one month. */
export interface MerchantSales {
  readonly merchant: string;
  readonly salesFen: number;
  readonly purchases: number;
}

/** Aggregates to compare with the chain. */
export interface Totals {
  readonly transactions: number;
  readonly events: number;
  readonly movements: number;
  /** Σ delta over every statement line. */
  readonly balanceSum: number;
  /** Σ delta per requested account. */
  readonly accounts: Readonly<Record<string, number>>;
  /** Statement lines per requested account. */
  readonly movementCounts: Readonly<Record<string, number>>;
}

/** Committed transactions in one minute. */
export interface ThroughputBucket {
  /** Start of the minute, ISO-8601 UTC. */
  readonly minute: string;
  readonly transactions: number;
}

/**
 * The off-chain read model's storage. Async so a PostgreSQL implementation can sit behind the same
 * interface as the SQLite one; every implementation must make {@link applyBlock} atomic and idempotent.
 */
export interface ReadModelStore {
  /** The last fully applied block, or null before the first one. */
  checkpoint(): Promise<Checkpoint | null>;
  /**
   * Stores a block's rows and advances the checkpoint in one transaction. A block at or below the
   * checkpoint is ignored, so a replay after a crash writes nothing twice.
   */
  applyBlock(rows: BlockRows): Promise<void>;
  /** Empties every table and the checkpoint (before a rebuild from block 0). */
  clear(): Promise<void>;
  /** Number of valid transactions indexed so far. */
  transactionCount(): Promise<number>;
  movements(account: string, query: MovementQuery): Promise<Page<MovementRow>>;
  topMerchants(month: string, limit: number): Promise<MerchantSales[]>;
  plans(status: string | undefined, limit: number, offset: number): Promise<PlanRow[]>;
  totals(accounts: readonly string[]): Promise<Totals>;
  /** Transactions per minute from `since` (ISO instant) on; minutes without any are left out. */
  throughput(since: string): Promise<ThroughputBucket[]>;
}
