/**
 * The points book: how every module moves platform points within one writing transaction.
 * The points module owns balances, escrows and statements and implements this interface
 * (`points/book.ts`); the write frame (./execute.ts) opens one book per transaction and hands
 * it to the operation, so a module that pays or escrows points depends on this interface, never
 * on the points module's code.
 *
 * Within one transaction every change goes through the same book: Fabric does not let a
 * transaction read its own writes, and the book remembers what it wrote.
 *
 * @packageDocumentation
 */

/** Why a balance changed, as its statement line says. */
export const MOVEMENT_KINDS = [
  'MINT',
  'BURN',
  'JOIN_BONUS',
  'PURCHASE_EARN',
  'REDEMPTION',
  'PRODUCT_PURCHASE',
  'TRANSFER',
  'MONTHLY_REWARD',
  'ESCROW_LOCK',
  'ESCROW_RELEASE',
  'JOSP_YIELD',
  'LOAN_DEFAULT',
] as const;

/** A movement kind. */
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

/** Where a credit goes: one lane, or spread evenly over all lanes for bulk credits. */
export type CreditTarget = number | 'spread';

/** One side of a movement. */
export interface Leg {
  readonly account: string;
  readonly points: number;
  readonly kind: MovementKind;
  readonly counterparty: string | null;
  readonly requestId: string;
  readonly reference: string | null;
}

/** A movement between two accounts. */
export interface Transfer {
  readonly from: string;
  readonly fromLane: number;
  readonly to: string;
  readonly toTarget: CreditTarget;
  readonly points: number;
  readonly kind: MovementKind;
  readonly requestId: string;
  readonly reference: string | null;
}

/** Statement details of an escrow movement; the counterparty is the escrow itself. */
export type EscrowLeg = Omit<Leg, 'counterparty'>;

/**
 * Names one escrow holding: points that have left an account but are not yet anyone's
 * balance, such as a JOSP plan's principal or a loan's collateral. `scope` is owned by the
 * module that escrows (e.g. `josp-yield`), so two modules never share a holding; `ids` identify
 * it within the scope.
 */
export interface EscrowRef {
  readonly scope: string;
  readonly ids: readonly string[];
}

/** Balances, escrows and statement lines of one transaction. */
export interface PointsBook {
  /**
   * Takes points from an account, starting at `startLane` and sweeping the other lanes when it
   * is short.
   *
   * @throws InsufficientPointsError when the account holds fewer points
   */
  debit(leg: Leg, startLane: number): Promise<void>;

  /**
   * Adds points to an account, which must be open: points sent to an id nobody owns yet would
   * belong to whichever organisation opened it first.
   *
   * @throws AccountNotOpenError when the account was never opened
   */
  credit(leg: Leg, target: CreditTarget): Promise<void>;

  /**
   * Moves points from one account to another, with a statement line on each naming the other.
   *
   * @throws InsufficientPointsError when `from` holds fewer points
   */
  transfer(move: Transfer): Promise<void>;

  /**
   * Moves points from an account into an escrow holding (the escrow is the counterparty).
   *
   * @throws InsufficientPointsError when the account holds fewer points
   */
  lockEscrow(leg: EscrowLeg, escrow: EscrowRef, startLane: number): Promise<void>;

  /**
   * Moves points out of an escrow holding into an account.
   *
   * @throws Error when the holding has fewer points: callers release only what they locked,
   *   so a shortfall is a defect, not a client error
   */
  releaseEscrow(leg: EscrowLeg, escrow: EscrowRef, target: CreditTarget): Promise<void>;

  /** @returns the points an escrow holds, this transaction's writes included */
  escrowed(escrow: EscrowRef): Promise<number>;

  /**
   * Rewrites an account's lanes so each holds an even share, without a statement line.
   *
   * @param lanes - current points per lane, as read by the caller
   * @returns the balance
   */
  rebalance(account: string, lanes: ReadonlyMap<number, number>): Promise<number>;

  /** Tells the book that this transaction opened `account`, whose register entry it cannot read. */
  opened(account: string): void;
}
