import type { BlockRows, EventRow, MovementRow, PayoutRow, PlanRow, RedemptionRow } from './rows';
import type { VersionPosition, VersionRow } from './versions';

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

/**
 * Filters of {@link ReadModelStore.redemptions}: the redemptions at one merchant's tills, or of the
 * classes one issuer issued (of one class of them with `classId`); `from` inclusive, `to` exclusive
 * (ISO instants of the redeeming transaction).
 */
export interface RedemptionQuery {
  readonly by: 'merchant' | 'issuer';
  /** The merchant's or the issuer's account. */
  readonly party: string;
  readonly classId?: string;
  readonly from?: string;
  readonly to?: string;
  readonly limit: number;
  readonly cursor?: string;
}

/** Paging of {@link ReadModelStore.payouts}. */
export interface PayoutQuery {
  readonly limit: number;
  readonly cursor?: string;
}

/** Paging of {@link ReadModelStore.versions}: versions after `after` (all when absent), in chain order. */
export interface VersionQuery {
  readonly limit: number;
  readonly after?: VersionPosition;
}

/**
 * The part of the hash chain already verified (docs/audit.md "Verification"): blocks 0 … `block` were
 * read and chained, and `headerHash` (hex) is the header hash of block `block`.
 */
export interface VerifiedPrefix {
  readonly block: bigint;
  readonly headerHash: string;
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
/** Where an event sits on the chain: its block, and its transaction's index in the block (one event a transaction). */
export interface EventPosition {
  readonly block: bigint;
  readonly txIndex: number;
}

/** What the event stream asks for (docs/events.md). */
export interface EventQuery {
  /** Events after this position; from the chain's first event when absent. */
  readonly after?: EventPosition;
  /** Only events of these names; every name when absent. */
  readonly names?: readonly string[];
  /** Only events concerning this account ({@link EventRow.accounts}); every event when absent. */
  readonly account?: string;
  readonly limit: number;
}

/** An event as the stream sends it. */
export type StoredEvent = Omit<EventRow, 'accounts'>;

export interface ReadModelStore {
  /** The last fully applied block, or null before the first one. */
  checkpoint(): Promise<Checkpoint | null>;
  /**
   * Stores a block's rows and advances the checkpoint in one transaction. A block at or below the
   * checkpoint is ignored, so a replay after a crash writes nothing twice.
   */
  applyBlock(rows: BlockRows): Promise<void>;
  /**
   * Empties every table, the checkpoint and the verified prefix (before a rebuild from block 0), so the
   * next verification starts from block 0 too.
   */
  clear(): Promise<void>;
  /** Number of valid transactions indexed so far. */
  transactionCount(): Promise<number>;
  movements(account: string, query: MovementQuery): Promise<Page<MovementRow>>;
  /** Events in chain order (block, then index in the block) after a position, filtered; at most `limit`. */
  events(query: EventQuery): Promise<StoredEvent[]>;
  topMerchants(month: string, limit: number): Promise<MerchantSales[]>;
  plans(status: string | undefined, limit: number, offset: number): Promise<PlanRow[]>;
  /** The latest version of one plan, or null when none is indexed. */
  plan(planId: string): Promise<PlanRow | null>;
  /**
   * One page of redemptions in the order of their transactions' time (then merchant and order id);
   * the cursor is that key of the page's last row, null on the last page.
   */
  redemptions(query: RedemptionQuery): Promise<Page<RedemptionRow>>;
  /** One page of a plan's payouts in roster order (tranche, then place), the order the plan pays in. */
  payouts(planId: string, query: PayoutQuery): Promise<Page<PayoutRow>>;
  totals(accounts: readonly string[]): Promise<Totals>;
  /** Transactions per minute from `since` (ISO instant) on; minutes without any are left out. */
  throughput(since: string): Promise<ThroughputBucket[]>;
  /**
   * One page of an entity's versions in chain order (block, then index in the block); the cursor is the
   * bookmark of `versions.ts`, null on the last page.
   */
  versions(entityType: string, entityId: string, query: VersionQuery): Promise<Page<VersionRow>>;
  /** The verified prefix of the hash chain, or null when nothing is verified yet. */
  verifiedPrefix(): Promise<VerifiedPrefix | null>;
  /**
   * Replaces the verified prefix with `next` in one transaction, provided the stored one is still
   * `expected` (compare and set), so two verifications running at once never overwrite each other's
   * newer result with an older one.
   *
   * @returns whether `next` was stored
   */
  saveVerifiedPrefix(expected: VerifiedPrefix | null, next: VerifiedPrefix): Promise<boolean>;
}

/** Whether two verified prefixes are the same: both absent, or the same block and header hash. */
export function samePrefix(a: VerifiedPrefix | null, b: VerifiedPrefix | null): boolean {
  return a === null || b === null ? a === b : a.block === b.block && a.headerHash === b.headerHash;
}
