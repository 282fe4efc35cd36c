import {
  array,
  boolean,
  type Decoder,
  integer,
  json,
  MalformedResultError,
  nullable,
  object,
  optional,
  record,
  string,
} from '../contract/decode';

/*
 * Result shapes of the `points` contract, as listed in docs/points.md ("Transactions"): every answer the
 * gateway gets is decoded with one. A type code needs is derived from its decoder, so the two cannot
 * drift apart.
 */

const activityTier = object({ minCount: integer, minAmountFen: integer, multiplierBps: integer });
const rewardBracket = object({ upToFen: nullable(integer), rateBps: integer });

/** `params~current`: the versioned parameter document. */
export const paramsResult = object({
  version: integer,
  pointValueFen: integer,
  basePointsPerYuan: integer,
  joinBonus: record(integer),
  // Its exact layout (tier lists or region map) is the chaincode's; the gateway only relays it.
  regionTiers: json,
  activityWindowDays: integer,
  activityTiers: array(activityTier),
  redemptionCapBps: integer,
  monthlyRewardBrackets: array(rewardBracket),
  maxBackdateDays: integer,
  maxClockSkewSeconds: integer,
  disputeWindowSeconds: integer,
  updatedAt: optional(string),
  updatedByTxId: optional(string),
});

export const supplyChangeResult = object({
  requestId: string,
  points: integer,
  minted: integer,
  burned: integer,
  txId: string,
  time: string,
});

export const merchantResult = object({
  merchantId: string,
  name: string,
  region: string,
  tier: integer,
  joinBonus: integer,
  registeredAt: string,
  txId: string,
});

export const purchaseResult = object({
  orderId: string,
  merchantId: string,
  consumer: string,
  amountFen: integer,
  occurredAt: string,
  salesMonth: string,
  activityCount: integer,
  activityAmountFen: integer,
  multiplierBps: integer,
  pointsEarned: integer,
  txId: string,
  time: string,
});
export type Purchase = ReturnType<typeof purchaseResult>;

/** Exactly the text `expected`: the tag of a line of a batch. */
function literal<T extends string>(expected: T): Decoder<T> {
  return (value, path) => {
    if (value !== expected) {
      throw new MalformedResultError(`chaincode result ${path} is not "${expected}"`);
    }
    return expected;
  };
}

const recordedLine = object({ index: integer, orderId: string, status: literal('RECORDED'), purchase: purchaseResult });
// `txId` is the transaction that recorded the order: an earlier one, or this batch for a line repeating an earlier line.
const duplicateLine = object({ index: integer, orderId: string, status: literal('DUPLICATE'), txId: string });
const rejectedLine = object({ index: integer, orderId: string, status: literal('REJECTED'), code: string, message: string });
type PurchaseBatchLine = ReturnType<typeof recordedLine> | ReturnType<typeof duplicateLine> | ReturnType<typeof rejectedLine>;

/** One line of a purchase batch, decoded by its status. */
const purchaseBatchLine: Decoder<PurchaseBatchLine> = (value, path) => {
  const { status } = object({ status: string })(value, path);
  switch (status) {
    case 'RECORDED':
      return recordedLine(value, path);
    case 'DUPLICATE':
      return duplicateLine(value, path);
    case 'REJECTED':
      return rejectedLine(value, path);
    default:
      throw new MalformedResultError(`chaincode result ${path}.status is not RECORDED, DUPLICATE or REJECTED`);
  }
};

/** `RecordPurchases`: the batch's counts and every line's outcome, in the order of the request. */
export const purchaseBatchResult = object({
  batchId: string,
  merchantId: string,
  txId: string,
  time: string,
  recorded: integer,
  duplicates: integer,
  rejected: integer,
  lines: array(purchaseBatchLine),
});
export type PurchaseBatch = ReturnType<typeof purchaseBatchResult>;

export const redemptionResult = object({
  requestId: string,
  merchantId: string,
  orderId: string,
  consumer: string,
  amountFen: integer,
  points: integer,
  valueFen: integer,
  txId: string,
  time: string,
});
export type Redemption = ReturnType<typeof redemptionResult>;

export const transferResult = object({
  requestId: string,
  from: string,
  to: string,
  points: integer,
  txId: string,
  time: string,
});

export const rebalanceResult = object({
  requestId: string,
  account: string,
  balance: integer,
  txId: string,
  time: string,
});

export const productResult = object({
  productId: string,
  name: string,
  pricePoints: integer,
  stock: integer,
  sold: integer,
  updatedAt: string,
});

export const productPageResult = object({ items: array(productResult), bookmark: string });

export const productPurchaseResult = object({
  requestId: string,
  productId: string,
  consumer: string,
  quantity: integer,
  points: integer,
  stockLeft: integer,
  txId: string,
  time: string,
});

const bracketShare = object({
  fromFen: integer,
  toFen: nullable(integer),
  rateBps: integer,
  salesFen: integer,
  rewardFen: integer,
});

export const rewardResult = object({
  requestId: string,
  merchantId: string,
  month: string,
  salesFen: integer,
  rewardFen: integer,
  points: integer,
  brackets: array(bracketShare),
  txId: string,
  time: string,
});

export const monthlySalesResult = object({
  merchantId: string,
  month: string,
  salesFen: integer,
  purchases: integer,
  reward: nullable(rewardResult),
});

export const balanceResult = object({ account: string, balance: integer });

const movement = object({
  txId: string,
  time: string,
  account: string,
  delta: integer,
  kind: string,
  // Not every movement has these; the chaincode may leave them out or set them to null.
  counterparty: optional(nullable(string)),
  requestId: optional(nullable(string)),
  reference: optional(nullable(string)),
});

export const statementResult = object({ account: string, items: array(movement), bookmark: string });
export type Statement = ReturnType<typeof statementResult>;

export const invariantResult = object({
  minted: integer,
  burned: integer,
  balances: integer,
  escrows: integer,
  holds: boolean,
});
export type Invariant = ReturnType<typeof invariantResult>;
