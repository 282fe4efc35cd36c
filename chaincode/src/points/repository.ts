/**
 * World-state access of the points module: one function per record kind, keys built only
 * through ledger/keys.ts, values written as canonical JSON and read through parsers.
 *
 * @packageDocumentation
 */
import type { ChaincodeStub } from 'fabric-shim';

import { ForbiddenError, NotFoundError } from '../ledger/errors';
import { partialKey, stateKey } from '../ledger/keys';
import { readPage, type Page } from '../ledger/paging';
import { readFields } from '../ledger/reader';
import { scanCounted } from '../ledger/scan';
import { getJson, putJson } from '../ledger/state';
import { parseInstant } from '../ledger/time';
import { LANE_COUNT, laneKeyPart } from './lanes';
import { DEFAULT_PARAMS, parseStoredParams, type ParamsDocument, type StoredParams } from './params';
import {
  parseActivityEntry,
  parseMerchant,
  parseMovement,
  parseOrder,
  parsePointsHolding,
  parseProduct,
  parseRedemption,
  parseReward,
  parseSupply,
  type Merchant,
  type Movement,
  type Order,
  type Product,
  type Redemption,
  type Reward,
  type Sale,
  type Supply,
} from './records';

/** The stub as the points module uses it. */
export type Stub = ChaincodeStub;

const PARAMS_ID = 'current';
const SUPPLY_ID = 'points';

/**
 * @param stub - normally `ctx.stub`
 * @returns the stored parameters, or the defaults with version 0 before the first update
 */
export async function readParams(stub: Stub): Promise<ParamsDocument> {
  const stored = await getJson(stub, stateKey(stub, 'params', PARAMS_ID), parseStoredParams);
  return stored ?? { ...DEFAULT_PARAMS, version: 0 };
}

/**
 * @param stub - normally `ctx.stub`
 * @param doc - the new parameter document
 */
export async function writeParams(stub: Stub, doc: StoredParams): Promise<void> {
  await putJson(stub, stateKey(stub, 'params', PARAMS_ID), doc);
}

/**
 * @param stub - normally `ctx.stub`
 * @returns minted and burned totals, zero before the first mint
 */
export async function readSupply(stub: Stub): Promise<Supply> {
  return (await getJson(stub, stateKey(stub, 'supply', SUPPLY_ID), parseSupply)) ?? { minted: 0, burned: 0 };
}

/**
 * @param stub - normally `ctx.stub`
 * @param supply - new totals
 */
export async function writeSupply(stub: Stub, supply: Supply): Promise<void> {
  await putJson(stub, stateKey(stub, 'supply', SUPPLY_ID), supply);
}

/**
 * @param stub - normally `ctx.stub`
 * @param merchantId - checked key part
 * @returns the merchant, or undefined when not registered
 */
export async function readMerchant(stub: Stub, merchantId: string): Promise<Merchant | undefined> {
  return getJson(stub, stateKey(stub, 'merchant', merchantId), parseMerchant);
}

/**
 * @param stub - normally `ctx.stub`
 * @param merchant - the record
 */
export async function writeMerchant(stub: Stub, merchant: Merchant): Promise<void> {
  await putJson(stub, stateKey(stub, 'merchant', merchant.merchantId), merchant);
}

/**
 * @param stub - normally `ctx.stub`
 * @param productId - checked key part
 * @returns the product, or undefined when not listed
 */
export async function readProduct(stub: Stub, productId: string): Promise<Product | undefined> {
  return getJson(stub, stateKey(stub, 'product', productId), parseProduct);
}

/**
 * @param stub - normally `ctx.stub`
 * @param product - the record
 */
export async function writeProduct(stub: Stub, product: Product): Promise<void> {
  await putJson(stub, stateKey(stub, 'product', product.productId), product);
}

/**
 * @param stub - normally `ctx.stub`
 * @param pageSize - checked page size
 * @param bookmark - `""` or a bookmark from a previous page
 * @returns one page of products in id order
 */
export async function pageProducts(stub: Stub, pageSize: number, bookmark: unknown): Promise<Page<Product>> {
  return readPage(stub, partialKey('product'), pageSize, bookmark, parseProduct);
}

/**
 * @param stub - normally `ctx.stub`
 * @param merchantId - checked key part
 * @param month - `yyyymm`
 * @returns the paid reward, or undefined
 */
export async function readReward(stub: Stub, merchantId: string, month: string): Promise<Reward | undefined> {
  return getJson(stub, stateKey(stub, 'reward', merchantId, month), parseReward);
}

/**
 * @param stub - normally `ctx.stub`
 * @param reward - the record
 */
export async function writeReward(stub: Stub, reward: Reward): Promise<void> {
  await putJson(stub, stateKey(stub, 'reward', reward.merchantId, reward.month), reward);
}

/**
 * @param stub - normally `ctx.stub`
 * @param merchantId - checked key part
 * @param orderId - checked key part
 * @returns the redemption of that order, or undefined
 */
export async function readRedemption(stub: Stub, merchantId: string, orderId: string): Promise<Redemption | undefined> {
  return getJson(stub, stateKey(stub, 'redemption', merchantId, orderId), parseRedemption);
}

/**
 * @param stub - normally `ctx.stub`
 * @param order - the merchant's order
 */
export async function writeOrder(stub: Stub, order: Order): Promise<void> {
  await putJson(stub, stateKey(stub, 'order', order.merchantId, order.orderId), order);
}

/**
 * The order a consumer redeems against: recorded by the merchant and naming the caller.
 *
 * @param stub - normally `ctx.stub`
 * @param merchantId - checked key part
 * @param orderId - checked key part
 * @param consumer - the redeeming account
 * @returns the order
 * @throws NotFoundError when the merchant recorded no such order
 * @throws ForbiddenError when the order names another consumer
 */
export async function requireOrderOf(stub: Stub, merchantId: string, orderId: string, consumer: string): Promise<Order> {
  const order = await getJson(stub, stateKey(stub, 'order', merchantId, orderId), parseOrder);
  if (order === undefined) {
    throw new NotFoundError(`merchant ${merchantId} recorded no order ${orderId}`, { merchantId, orderId });
  }
  if (order.consumer !== consumer) {
    throw new ForbiddenError(`order ${orderId} belongs to another consumer`, { merchantId, orderId });
  }
  return order;
}

/**
 * @param stub - normally `ctx.stub`
 * @param redemption - the record
 */
export async function writeRedemption(stub: Stub, redemption: Redemption): Promise<void> {
  await putJson(stub, stateKey(stub, 'redemption', redemption.merchantId, redemption.orderId), redemption);
}

/**
 * @param stub - normally `ctx.stub`
 * @param merchantId - checked key part
 * @param month - attributed month
 * @param sale - the record; its txId completes the key
 */
export async function writeSale(stub: Stub, merchantId: string, month: string, sale: Sale): Promise<void> {
  await putJson(stub, stateKey(stub, 'sale', merchantId, month, sale.txId), sale);
}

/**
 * Records a purchase of a consumer and counts it in `activitysum~<consumer>~<yyyymm>`, the
 * count {@link readActivity} checks its range reads against. The count adds no conflict:
 * concurrent purchases of one consumer conflict on the activity range anyway.
 *
 * @param stub - normally `ctx.stub`
 * @param consumer - checked key part
 * @param occurredAtIso - the purchase's time as `isoMillis`
 * @param month - the Shanghai month of that time
 * @param amountFen - purchase amount
 */
export async function writeActivity(
  stub: Stub,
  consumer: string,
  month: string,
  occurredAtIso: string,
  amountFen: number,
): Promise<void> {
  await putJson(stub, stateKey(stub, 'activity', consumer, month, occurredAtIso, stub.getTxID()), { amountFen });
  await putJson(stub, stateKey(stub, 'activitysum', consumer, month), { purchases: (await readActivityCount(stub, consumer, month)) + 1 });
}

/**
 * A consumer's purchases in some months, for the activity multiplier of a new purchase. One
 * range read per month of the window: its size is one person's purchases in a month, far below
 * the peer's totalQueryLimit. Nothing stops a merchant from recording many purchases for one
 * consumer, though, so each read is checked against the month's count and a cut read fails
 * instead of lowering the activity.
 *
 * @param stub - normally `ctx.stub`
 * @param consumer - checked key part
 * @param months - month buckets to read
 * @returns the consumer's purchases in those months
 * @throws RangeTooLargeError when the peer returned fewer purchases of a month than recorded
 */
export async function readActivity(
  stub: Stub,
  consumer: string,
  months: readonly string[],
): Promise<{ occurredAtMs: number; amountFen: number }[]> {
  const found: { occurredAtMs: number; amountFen: number }[] = [];
  for (const month of months) {
    const expected = await readActivityCount(stub, consumer, month);
    for (const entry of await scanCounted(stub, partialKey('activity', consumer, month), parseActivityEntry, expected)) {
      found.push({ occurredAtMs: parseInstant(entry.parts[2], 'activity key'), amountFen: entry.value.amountFen });
    }
  }
  return found;
}

async function readActivityCount(stub: Stub, consumer: string, month: string): Promise<number> {
  const parse = (value: unknown): number => readFields(value, 'activity count').integer('purchases');
  return (await getJson(stub, stateKey(stub, 'activitysum', consumer, month), parse)) ?? 0;
}

/**
 * @param stub - normally `ctx.stub`
 * @param account - checked key part
 * @param lane - lane number
 * @returns the points in that lane, 0 when never written
 */
export async function readLane(stub: Stub, account: string, lane: number): Promise<number> {
  return (await getJson(stub, stateKey(stub, 'balance', account, laneKeyPart(lane)), parsePointsHolding))?.points ?? 0;
}

/**
 * @param stub - normally `ctx.stub`
 * @param account - checked key part
 * @param lane - lane number
 * @param points - new content of the lane
 */
export async function writeLane(stub: Stub, account: string, lane: number, points: number): Promise<void> {
  await putJson(stub, stateKey(stub, 'balance', account, laneKeyPart(lane)), { points });
}

/**
 * Reads an account's lanes by key, one point read each: no query limit applies to them.
 *
 * @param stub - normally `ctx.stub`
 * @param account - checked key part
 * @returns the points in each lane that was ever written, by lane number
 */
export async function readLanes(stub: Stub, account: string): Promise<Map<number, number>> {
  const lanes = new Map<number, number>();
  for (let lane = 0; lane < LANE_COUNT; lane++) {
    const holding = await getJson(stub, stateKey(stub, 'balance', account, laneKeyPart(lane)), parsePointsHolding);
    if (holding !== undefined) {
      lanes.set(lane, holding.points);
    }
  }
  return lanes;
}

/**
 * @param stub - normally `ctx.stub`
 * @param movement - the statement line; its account, time and txId form the key
 * @param sequence - position of the line within the transaction
 */
export async function writeMovement(stub: Stub, movement: Movement, sequence: number): Promise<void> {
  const position = String(sequence).padStart(3, '0');
  await putJson(stub, stateKey(stub, 'movement', movement.account, movement.time, movement.txId, position), movement);
}

/**
 * @param stub - normally `ctx.stub`
 * @param account - checked key part
 * @param pageSize - checked page size
 * @param bookmark - `""` or a bookmark from a previous page
 * @returns one page of the account's statement, oldest first
 */
export async function pageMovements(stub: Stub, account: string, pageSize: number, bookmark: unknown): Promise<Page<Movement>> {
  return readPage(stub, partialKey('movement', account), pageSize, bookmark, parseMovement);
}
