import { array, boolean, integer, json, nullable, object, optional, string } from '../contract/decode';

/*
 * Result shapes of the `coupons` contract, as listed in docs/coupons.md ("Transactions"): every answer the
 * gateway gets is decoded with one. A type code needs is derived from its decoder, so the two cannot
 * drift apart.
 */

export const couponClassResult = object({
  classId: string,
  issuer: string,
  name: string,
  faceValueFen: integer,
  supply: integer,
  allocated: integer,
  revoked: integer,
  validFrom: string,
  validUntil: string,
  minSpendFen: integer,
  // `{kind, merchants?|allianceId?}`: relayed as the chaincode stored it.
  acceptance: json,
  rebateBps: integer,
  transferable: boolean,
  resellable: boolean,
  createdAt: string,
  txId: string,
});

export const couponMoveResult = object({
  requestId: string,
  classId: string,
  from: string,
  to: string,
  quantity: integer,
  txId: string,
  time: string,
});

export const couponBalanceResult = object({ classId: string, holder: string, quantity: integer });

export const claimResult = object({
  claimId: string,
  classId: string,
  issuer: string,
  perPerson: integer,
  total: integer,
  claimed: integer,
  open: boolean,
  openedAt: string,
});

export const claimTakenResult = object({
  requestId: string,
  claimId: string,
  classId: string,
  holder: string,
  quantity: integer,
  claimedByHolder: integer,
  remaining: integer,
  txId: string,
  time: string,
});

export const presentationResult = object({
  merchantId: string,
  orderId: string,
  classId: string,
  holder: string,
  status: string,
  presentedAt: string,
  txId: string,
});

export const couponRedemptionResult = object({
  requestId: string,
  merchantId: string,
  orderId: string,
  classId: string,
  issuer: string,
  holder: string,
  amountFen: integer,
  faceValueFen: integer,
  payFen: integer,
  occurredAt: string,
  rebateFen: integer,
  payableDay: nullable(string),
  txId: string,
  time: string,
});

export const allianceResult = object({
  allianceId: string,
  name: string,
  founder: string,
  members: array(string),
  invited: array(string),
  createdAt: string,
});

const netting = {
  day: string,
  merchantA: string,
  merchantB: string,
  payables: integer,
  aOwesBFen: integer,
  bOwesAFen: integer,
  netFen: integer,
  netFrom: nullable(string),
  netTo: nullable(string),
};

export const clearingResult = object({ ...netting, requestId: string, txId: string, time: string });

export const clearingViewResult = object({ ...netting, statement: nullable(clearingResult) });

export const listingResult = object({
  listingId: string,
  seller: string,
  classId: string,
  quantity: integer,
  remaining: integer,
  pricePoints: integer,
  status: string,
  createdAt: string,
  updatedAt: string,
});

export const listingPurchaseResult = object({
  requestId: string,
  listingId: string,
  classId: string,
  seller: string,
  buyer: string,
  quantity: integer,
  points: integer,
  remaining: integer,
  txId: string,
  time: string,
});

export const exchangeOrderResult = object({
  orderId: string,
  owner: string,
  giveClassId: string,
  giveQuantity: integer,
  wantClassId: string,
  wantQuantity: integer,
  status: string,
  createdAt: string,
  updatedAt: string,
  matchTxId: nullable(string),
});

export const openOrderPageResult = object({
  items: array(
    object({
      order: exchangeOrderResult,
      giveUnitValueFen: integer,
      wantUnitValueFen: integer,
      // null for point programs, whose points do not expire.
      giveValidUntil: nullable(string),
      wantValidUntil: nullable(string),
    }),
  ),
  bookmark: string,
});
export type OpenOrderPage = ReturnType<typeof openOrderPageResult>;

export const matchResult = object({
  requestId: string,
  orderIds: array(string),
  legs: array(object({ orderId: string, owner: string, classId: string, delivered: integer, surplus: integer, to: string })),
  valueDifferenceFen: integer,
  txId: string,
  time: string,
});
export type MatchResult = ReturnType<typeof matchResult>;

export const sendResult = object({
  requestId: string,
  classId: string,
  from: string,
  to: string,
  quantity: integer,
  unissued: integer,
  txId: string,
  time: string,
});

export const supplyCheckResult = object({
  classId: string,
  supply: integer,
  allocated: integer,
  unissued: integer,
  holdings: integer,
  escrowed: integer,
  burned: integer,
  claimable: integer,
  holds: boolean,
});
export type SupplyCheck = ReturnType<typeof supplyCheckResult>;

export const programResult = object({
  programId: string,
  name: string,
  owner: string,
  allianceId: nullable(string),
  pointValueFen: integer,
  issued: integer,
  createdAt: string,
  txId: string,
});

export const programMoveResult = object({
  requestId: string,
  programId: string,
  from: string,
  to: string,
  points: integer,
  issued: optional(integer),
  txId: string,
  time: string,
});

export const programBalanceResult = object({ programId: string, account: string, points: integer });

export const programSupplyResult = object({ programId: string, issued: integer, balances: integer, escrowed: integer, holds: boolean });
