import { array, boolean, integer, nullable, object, string } from '../contract/decode';

/*
 * Result shapes of the `josp` contract, as listed in docs/josp.md ("Transactions"): every answer the
 * gateway gets is decoded with one. A type code needs is derived from its decoder, so the two cannot
 * drift apart.
 */

const yieldTier = object({ minSalesFen: integer, rateBps: integer });

/** `jospplan~<planId>` with the totals of its tranches (`josptranche~<planId>~<nn>`). */
export const planResult = object({
  planId: string,
  kind: string,
  issuer: string,
  salesMerchant: string,
  capPoints: integer,
  minRaisePoints: integer,
  minSubscription: integer,
  maxSubscription: integer,
  windowStart: string,
  windowEnd: string,
  maturity: string,
  yieldSchedule: array(yieldTier),
  yieldEscrow: integer,
  status: string,
  tranches: integer,
  raised: integer,
  investors: integer,
  processed: integer,
  salesFen: nullable(integer),
  rateBps: nullable(integer),
  paidYield: integer,
  returnedYield: nullable(integer),
  openedAt: string,
  updatedAt: string,
  txId: string,
});

export const subscriptionResult = object({
  requestId: string,
  planId: string,
  investor: string,
  points: integer,
  principal: integer,
  /** The investor's home tranche; the plan's total is read with GetPlan, as a subscription does not read it. */
  tranche: integer,
  txId: string,
  time: string,
});

const payout = object({ investor: string, principal: integer, yieldPoints: integer });

/** One page of a refund or a settlement. */
export const payoutPageResult = object({
  requestId: string,
  plan: planResult,
  payouts: array(payout),
  txId: string,
  time: string,
});

export const qualificationResult = object({
  requestId: string,
  bank: string,
  consumer: string,
  qualifiedAt: string,
  txId: string,
});

export const qualificationStatusResult = object({ bank: string, consumer: string, qualified: boolean });

export const positionResult = object({
  planId: string,
  investor: string,
  principal: integer,
  tranche: integer,
  seq: integer,
  status: string,
  yieldPoints: nullable(integer),
  subscribedAt: string,
  closedAt: nullable(string),
});

export const loanResult = object({
  loanId: string,
  bank: string,
  merchant: string,
  principalFen: integer,
  rateBps: integer,
  interestFen: integer,
  dueDate: string,
  collateralPoints: integer,
  status: string,
  offeredAt: string,
  acceptedAt: nullable(string),
  disbursedAt: nullable(string),
  closedAt: nullable(string),
  txId: string,
});

export const planPageResult = object({ issuer: string, items: array(planResult), bookmark: string });

export const positionPageResult = object({ investor: string, items: array(positionResult), bookmark: string });

export const loanPageResult = object({ party: string, items: array(loanResult), bookmark: string });
