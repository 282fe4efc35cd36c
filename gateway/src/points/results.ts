import { array, boolean, integer, json, nullable, object, optional, record, string } from './decode';

/*
 * Result shapes of the `points` contract, as listed in docs/points.md ("Transactions"). Each type is
 * derived from its decoder, so the two cannot drift apart.
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
  updatedAt: optional(string),
  updatedByTxId: optional(string),
});
export type Params = ReturnType<typeof paramsResult>;

export const supplyChangeResult = object({
  requestId: string,
  points: integer,
  minted: integer,
  burned: integer,
  txId: string,
  time: string,
});
export type SupplyChange = ReturnType<typeof supplyChangeResult>;

export const merchantResult = object({
  merchantId: string,
  name: string,
  region: string,
  tier: integer,
  joinBonus: integer,
  registeredAt: string,
  txId: string,
});
export type Merchant = ReturnType<typeof merchantResult>;

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
export type TransferResult = ReturnType<typeof transferResult>;

export const rebalanceResult = object({
  requestId: string,
  account: string,
  balance: integer,
  txId: string,
  time: string,
});
export type RebalanceResult = ReturnType<typeof rebalanceResult>;

export const productResult = object({
  productId: string,
  name: string,
  pricePoints: integer,
  stock: integer,
  sold: integer,
  updatedAt: string,
});
export type Product = ReturnType<typeof productResult>;

export const productPageResult = object({ items: array(productResult), bookmark: string });
export type ProductPage = ReturnType<typeof productPageResult>;

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
export type ProductPurchase = ReturnType<typeof productPurchaseResult>;

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
export type Reward = ReturnType<typeof rewardResult>;

export const monthlySalesResult = object({
  merchantId: string,
  month: string,
  salesFen: integer,
  purchases: integer,
  reward: nullable(rewardResult),
});
export type MonthlySales = ReturnType<typeof monthlySalesResult>;

export const balanceResult = object({ account: string, balance: integer });
export type Balance = ReturnType<typeof balanceResult>;

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
