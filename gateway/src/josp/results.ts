import { array, boolean, integer, nullable, object, string } from '../points/decode';

/*
 * Result shapes of the `josp` contract, as listed in docs/josp.md ("Transactions"). Each type is derived
 * from its decoder, so the two cannot drift apart.
 */

const yieldTier = object({ minSalesFen: integer, rateBps: integer });

/** `jospplan~<planId>`: a plan with its totals. */
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
export type Plan = ReturnType<typeof planResult>;

export const subscriptionResult = object({
  requestId: string,
  planId: string,
  investor: string,
  points: integer,
  principal: integer,
  raised: integer,
  txId: string,
  time: string,
});
export type Subscription = ReturnType<typeof subscriptionResult>;

const payout = object({ investor: string, principal: integer, yieldPoints: integer });

/** One page of a refund or a settlement. */
export const payoutPageResult = object({
  requestId: string,
  plan: planResult,
  payouts: array(payout),
  txId: string,
  time: string,
});
export type PayoutPage = ReturnType<typeof payoutPageResult>;

export const qualificationResult = object({
  requestId: string,
  bank: string,
  consumer: string,
  qualifiedAt: string,
  txId: string,
});
export type Qualification = ReturnType<typeof qualificationResult>;

export const qualificationStatusResult = object({ bank: string, consumer: string, qualified: boolean });
export type QualificationStatus = ReturnType<typeof qualificationStatusResult>;

export const positionResult = object({
  planId: string,
  investor: string,
  principal: integer,
  seq: integer,
  status: string,
  yieldPoints: nullable(integer),
  subscribedAt: string,
  closedAt: nullable(string),
});
export type Position = ReturnType<typeof positionResult>;

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
export type Loan = ReturnType<typeof loanResult>;

export const planPageResult = object({ issuer: string, items: array(planResult), bookmark: string });
export type PlanPage = ReturnType<typeof planPageResult>;

export const positionPageResult = object({ investor: string, items: array(positionResult), bookmark: string });
export type PositionPage = ReturnType<typeof positionPageResult>;

export const loanPageResult = object({ party: string, items: array(loanResult), bookmark: string });
export type LoanPage = ReturnType<typeof loanPageResult>;
