/**
 * What any module may ask of the points module, which owns the platform's own records: the
 * points book, the platform parameters, the merchant register, merchants' recorded orders and
 * their sales by time of sale. Modules reach it only through {@link platform}, so none imports
 * the points module (eslint.config.mjs enforces the boundaries).
 *
 * The implementation is bound once, by the composition root `src/index.ts` (and by the unit
 * tests' setup, which loads that file), before any transaction runs.
 *
 * @packageDocumentation
 */
import { InvalidArgumentError } from './errors';
import type { PointsBook } from './points-book';
import type { Stub } from './stub';
import { DAY_MS } from './time';

/** The platform parameters other modules read. */
export interface PlatformParams {
  /** How far a proposal's timestamp may lie from the endorsing peer's clock. */
  readonly maxClockSkewSeconds: number;
  /** How many days before the transaction a recorded sale may have occurred. */
  readonly maxBackdateDays: number;
  /** How long after its settlement a shelf statement may be disputed and stays unpayable. */
  readonly disputeWindowSeconds: number;
}

/** A purchase as its merchant recorded it. */
export interface RecordedOrder {
  readonly merchantId: string;
  readonly orderId: string;
  readonly consumer: string;
  readonly amountFen: number;
  /** ISO 8601. */
  readonly occurredAt: string;
}

/** The points module's services to the other modules. */
export interface Platform {
  /**
   * Opens the points book of a writing transaction; the write frame opens exactly one per
   * transaction.
   *
   * @param stub - the transaction's stub
   * @param txId - the transaction's id
   * @param time - the transaction's time, ISO 8601
   */
  openBook(stub: Stub, txId: string, time: string): PointsBook;

  /** @returns the current platform parameters (the defaults before the first update) */
  readParams(stub: Stub): Promise<PlatformParams>;

  /** @returns whether the platform registered the merchant */
  isRegisteredMerchant(stub: Stub, merchantId: string): Promise<boolean>;

  /**
   * The order a consumer redeems against: recorded by the merchant and naming the consumer.
   *
   * @throws NotFoundError when the merchant recorded no such order
   * @throws ForbiddenError when the order names another consumer
   */
  requireOrderOf(stub: Stub, merchantId: string, orderId: string, consumer: string): Promise<RecordedOrder>;

  /**
   * Registers instants at which the merchant's sales by time of sale must be summable, such as
   * the bounds of a JOSP term, before any sale of the term can be recorded.
   *
   * @throws RangeTooLargeError when recorded sales have to be looked up and a month of them is
   *   more than the peer returns from one range read
   */
  registerSalesCuts(stub: Stub, merchantId: string, instantsMs: readonly number[], nowMs: number): Promise<void>;

  /**
   * @param fromMs - start, included, a registered instant
   * @param toMs - end, excluded, a registered instant
   * @returns the merchant's sales in fen whose time of sale lies in `[fromMs, toMs)`
   */
  salesBetween(stub: Stub, merchantId: string, fromMs: number, toMs: number): Promise<number>;
}

let bound: Platform | undefined;

/**
 * Installs the implementation every module's transactions use.
 *
 * @param implementation - the points module's services
 */
export function bindPlatform(implementation: Platform): void {
  bound = implementation;
}

/**
 * @returns the bound implementation
 * @throws Error when nothing was bound: a wiring defect, not a client error
 */
export function platform(): Platform {
  if (bound === undefined) {
    throw new Error('no platform is bound; src/index.ts binds the points module before any transaction');
  }
  return bound;
}

/**
 * Checks that a sale's time lies in `[txTime − maxBackdateDays, txTime]`: merchants and shelf
 * devices record sales after the fact, but not long after and never ahead.
 *
 * @param occurredAtMs - the sale's time
 * @param txTimeMs - the transaction time
 * @param maxBackdateDays - the platform parameter
 * @throws InvalidArgumentError when it lies outside
 */
export function checkOccurredAt(occurredAtMs: number, txTimeMs: number, maxBackdateDays: number): void {
  if (occurredAtMs > txTimeMs || occurredAtMs < txTimeMs - maxBackdateDays * DAY_MS) {
    const reason = `occurredAt must lie within ${maxBackdateDays} days before the transaction time, and not after it`;
    throw new InvalidArgumentError(reason, { field: 'occurredAt', maxBackdateDays });
  }
}
