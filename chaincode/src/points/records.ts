/**
 * Records of the points ledger as stored in world state and returned to clients, with a
 * validating parser for each (stored bytes are untrusted until checked), declared by shape with
 * ledger/schema.ts.
 *
 * @packageDocumentation
 */
import { MOVEMENT_KINDS, type MovementKind } from '../ledger/points-book';
import { count, countOrNull, type Field, listOf, oneOf, positive, record, signed, text, textOrNull } from '../ledger/schema';
import type { RegionTier } from './params';
import type { BracketLine } from './reward';

/** One statement line: a signed change of one account's balance. */
export type Movement = {
  readonly txId: string;
  readonly time: string;
  readonly account: string;
  readonly delta: number;
  readonly kind: MovementKind;
  /** The other account, or null for mint and burn. */
  readonly counterparty: string | null;
  readonly requestId: string;
  /** The business object concerned (order, product, month, merchant), or null. */
  readonly reference: string | null;
};

/** Points held in one lane of a balance, or in one escrow. */
export type PointsHolding = { readonly points: number };

/** `supply~points`. */
export type Supply = { readonly minted: number; readonly burned: number };

/** `merchant~<merchantId>`. */
export type Merchant = {
  readonly merchantId: string;
  readonly name: string;
  readonly region: string;
  readonly tier: RegionTier;
  readonly joinBonus: number;
  readonly registeredAt: string;
  readonly txId: string;
};

/** `product~<productId>`. */
export type Product = {
  readonly productId: string;
  readonly name: string;
  readonly pricePoints: number;
  readonly stock: number;
  readonly sold: number;
  readonly updatedAt: string;
};

/** `activity~<consumer>~<yyyymm>~<occurredAtIso>~<txId>`. */
export type ActivityEntry = { readonly amountFen: number };

/** `sale~<merchantId>~<yyyymm>~<txId>`. */
export type Sale = {
  readonly orderId: string;
  readonly consumer: string;
  readonly amountFen: number;
  readonly occurredAt: string;
  readonly txId: string;
};

/** `reward~<merchantId>~<yyyymm>`, also the result of PayMonthlyReward. */
export type Reward = {
  readonly requestId: string;
  readonly merchantId: string;
  readonly month: string;
  readonly salesFen: number;
  readonly rewardFen: number;
  readonly points: number;
  readonly brackets: readonly BracketLine[];
  readonly txId: string;
  readonly time: string;
};

/**
 * `order~<merchantId>~<orderId>`: a purchase as the merchant recorded it. Points and coupons are
 * redeemed only against such an order and only by the consumer it names, and the redemption cap
 * comes from its amount, never from the consumer's word.
 */
export type Order = {
  readonly merchantId: string;
  readonly orderId: string;
  readonly consumer: string;
  readonly amountFen: number;
  readonly occurredAt: string;
  readonly txId: string;
};

/** `redemption~<merchantId>~<orderId>`, also the result of RedeemPoints. */
export type Redemption = {
  readonly requestId: string;
  readonly merchantId: string;
  readonly orderId: string;
  readonly consumer: string;
  readonly amountFen: number;
  readonly points: number;
  readonly valueFen: number;
  readonly txId: string;
  readonly time: string;
};

/** Checks a statement line. */
export const parseMovement = record<Movement>('movement', {
  txId: text,
  time: text,
  account: text,
  delta: signed,
  kind: oneOf(MOVEMENT_KINDS),
  counterparty: textOrNull,
  requestId: text,
  reference: textOrNull,
});

/** Checks a lane or escrow holding. */
export const parsePointsHolding = record<PointsHolding>('holding', { points: count });

/** Checks the supply totals. */
export const parseSupply = record<Supply>('supply', { minted: count, burned: count });

const tier: Field<RegionTier> = (f, name) => {
  const value = f.integer(name, 1);
  if (value !== 1 && value !== 2 && value !== 3) {
    throw new Error('merchant.tier is not 1, 2 or 3');
  }
  return value;
};

/** Checks a merchant. */
export const parseMerchant = record<Merchant>('merchant', {
  merchantId: text,
  name: text,
  region: text,
  tier,
  joinBonus: count,
  registeredAt: text,
  txId: text,
});

/** Checks a product. */
export const parseProduct = record<Product>('product', {
  productId: text,
  name: text,
  pricePoints: positive,
  stock: count,
  sold: count,
  updatedAt: text,
});

/** Checks an activity entry. */
export const parseActivityEntry = record<ActivityEntry>('activity', { amountFen: count });

/** Checks a sale. */
export const parseSale = record<Sale>('sale', {
  orderId: text,
  consumer: text,
  amountFen: count,
  occurredAt: text,
  txId: text,
});

const parseBracketLine = record<BracketLine>('bracket', {
  fromFen: count,
  toFen: countOrNull,
  rateBps: count,
  salesFen: count,
  rewardFen: count,
});

/** Checks a reward. */
export const parseReward = record<Reward>('reward', {
  requestId: text,
  merchantId: text,
  month: text,
  salesFen: count,
  rewardFen: count,
  points: count,
  brackets: listOf(parseBracketLine),
  txId: text,
  time: text,
});

/** Checks an order. */
export const parseOrder = record<Order>('order', {
  merchantId: text,
  orderId: text,
  consumer: text,
  amountFen: count,
  occurredAt: text,
  txId: text,
});

/** Checks a redemption. */
export const parseRedemption = record<Redemption>('redemption', {
  requestId: text,
  merchantId: text,
  orderId: text,
  consumer: text,
  amountFen: count,
  points: count,
  valueFen: count,
  txId: text,
  time: text,
});
