/**
 * Records of the points ledger as stored in world state and returned to clients, with a
 * validating parser for each (stored bytes are untrusted until checked).
 *
 * @packageDocumentation
 */
import { readFields } from '../ledger/reader';
import type { RegionTier } from './params';
import type { BracketLine } from './reward';

/** Why a balance changed. */
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

/**
 * @param value - decoded JSON
 * @returns the movement
 * @throws Error when the shape is wrong
 */
export function parseMovement(value: unknown): Movement {
  const f = readFields(value, 'movement');
  const kind = f.string('kind');
  const known = MOVEMENT_KINDS.find((k) => k === kind);
  if (known === undefined) {
    throw new Error('movement.kind is unknown');
  }
  return {
    txId: f.string('txId'),
    time: f.string('time'),
    account: f.string('account'),
    delta: f.integer('delta', Number.MIN_SAFE_INTEGER),
    kind: known,
    counterparty: f.stringOrNull('counterparty'),
    requestId: f.string('requestId'),
    reference: f.stringOrNull('reference'),
  };
}

/**
 * @param value - decoded JSON
 * @returns the holding
 * @throws Error when the shape is wrong
 */
export function parsePointsHolding(value: unknown): PointsHolding {
  return { points: readFields(value, 'holding').integer('points') };
}

/**
 * @param value - decoded JSON
 * @returns the supply
 * @throws Error when the shape is wrong
 */
export function parseSupply(value: unknown): Supply {
  const f = readFields(value, 'supply');
  return { minted: f.integer('minted'), burned: f.integer('burned') };
}

/**
 * @param value - decoded JSON
 * @returns the merchant
 * @throws Error when the shape is wrong
 */
export function parseMerchant(value: unknown): Merchant {
  const f = readFields(value, 'merchant');
  const tier = f.integer('tier', 1);
  if (tier !== 1 && tier !== 2 && tier !== 3) {
    throw new Error('merchant.tier is not 1, 2 or 3');
  }
  return {
    merchantId: f.string('merchantId'),
    name: f.string('name'),
    region: f.string('region'),
    tier,
    joinBonus: f.integer('joinBonus'),
    registeredAt: f.string('registeredAt'),
    txId: f.string('txId'),
  };
}

/**
 * @param value - decoded JSON
 * @returns the product
 * @throws Error when the shape is wrong
 */
export function parseProduct(value: unknown): Product {
  const f = readFields(value, 'product');
  return {
    productId: f.string('productId'),
    name: f.string('name'),
    pricePoints: f.integer('pricePoints', 1),
    stock: f.integer('stock'),
    sold: f.integer('sold'),
    updatedAt: f.string('updatedAt'),
  };
}

/**
 * @param value - decoded JSON
 * @returns the activity entry
 * @throws Error when the shape is wrong
 */
export function parseActivityEntry(value: unknown): ActivityEntry {
  return { amountFen: readFields(value, 'activity').integer('amountFen') };
}

/**
 * @param value - decoded JSON
 * @returns the sale
 * @throws Error when the shape is wrong
 */
export function parseSale(value: unknown): Sale {
  const f = readFields(value, 'sale');
  return {
    orderId: f.string('orderId'),
    consumer: f.string('consumer'),
    amountFen: f.integer('amountFen'),
    occurredAt: f.string('occurredAt'),
    txId: f.string('txId'),
  };
}

function parseBracketLine(value: unknown): BracketLine {
  const f = readFields(value, 'bracket');
  return {
    fromFen: f.integer('fromFen'),
    toFen: f.integerOrNull('toFen'),
    rateBps: f.integer('rateBps'),
    salesFen: f.integer('salesFen'),
    rewardFen: f.integer('rewardFen'),
  };
}

/**
 * @param value - decoded JSON
 * @returns the reward
 * @throws Error when the shape is wrong
 */
export function parseReward(value: unknown): Reward {
  const f = readFields(value, 'reward');
  return {
    requestId: f.string('requestId'),
    merchantId: f.string('merchantId'),
    month: f.string('month'),
    salesFen: f.integer('salesFen'),
    rewardFen: f.integer('rewardFen'),
    points: f.integer('points'),
    brackets: f.list('brackets', parseBracketLine),
    txId: f.string('txId'),
    time: f.string('time'),
  };
}

/**
 * @param value - decoded JSON
 * @returns the order
 * @throws Error when the shape is wrong
 */
export function parseOrder(value: unknown): Order {
  const f = readFields(value, 'order');
  return {
    merchantId: f.string('merchantId'),
    orderId: f.string('orderId'),
    consumer: f.string('consumer'),
    amountFen: f.integer('amountFen'),
    occurredAt: f.string('occurredAt'),
    txId: f.string('txId'),
  };
}

/**
 * @param value - decoded JSON
 * @returns the redemption
 * @throws Error when the shape is wrong
 */
export function parseRedemption(value: unknown): Redemption {
  const f = readFields(value, 'redemption');
  return {
    requestId: f.string('requestId'),
    merchantId: f.string('merchantId'),
    orderId: f.string('orderId'),
    consumer: f.string('consumer'),
    amountFen: f.integer('amountFen'),
    points: f.integer('points'),
    valueFen: f.integer('valueFen'),
    txId: f.string('txId'),
    time: f.string('time'),
  };
}
