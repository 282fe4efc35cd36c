/**
 * World-state access of the points module: a record store per record kind (ledger/store.ts),
 * and functions for the records with defaults, counts or lanes; keys built only through
 * ledger/keys.ts, values written as canonical JSON and read through parsers.
 *
 * @packageDocumentation
 */
import { ForbiddenError, NotFoundError } from '../ledger/errors';
import { partialKey, stateKey } from '../ledger/keys';
import { LANE_COUNT, laneKeyPart } from '../ledger/lanes';
import { readFields } from '../ledger/reader';
import { scanCounted } from '../ledger/scan';
import { getJson, putJson } from '../ledger/state';
import { recordStore } from '../ledger/store';
import type { Stub } from '../ledger/stub';
import { parseInstant } from '../ledger/time';
import { DEFAULT_PARAMS, type ParamsDocument, parseStoredParams, type StoredParams } from './params';
import {
  type Movement,
  type Order,
  parseActivityEntry,
  parseMerchant,
  parseMovement,
  parseOrder,
  parsePointsHolding,
  parseProduct,
  parseRedemption,
  parseReward,
  parseSale,
  parseSupply,
  type Supply,
} from './records';

/** `merchant~<merchantId>`. */
export const merchants = recordStore('merchant', parseMerchant, { noun: 'merchant', absent: 'is not registered' });
/** `product~<productId>`. */
export const products = recordStore('product', parseProduct, { noun: 'product', absent: 'is not listed' });
/** `reward~<merchantId>~<yyyymm>`. */
export const rewards = recordStore('reward', parseReward);
/** `redemption~<merchantId>~<orderId>`. */
export const redemptions = recordStore('redemption', parseRedemption);
/** `order~<merchantId>~<orderId>`. */
export const orders = recordStore('order', parseOrder);
/** `sale~<merchantId>~<yyyymm>~<txId>`. */
export const sales = recordStore('sale', parseSale);
/** `movement~<account>~<time>~<txId>~<position>`: an account's statement, oldest first. */
export const movements = recordStore('movement', parseMovement);
/** `balance~<account>~<lane>`: the points in one lane of a balance. */
const balances = recordStore('balance', parsePointsHolding);

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
  const order = await orders.read(stub, merchantId, orderId);
  if (order === undefined) {
    throw new NotFoundError(`merchant ${merchantId} recorded no order ${orderId}`, { merchantId, orderId });
  }
  if (order.consumer !== consumer) {
    throw new ForbiddenError(`order ${orderId} belongs to another consumer`, { merchantId, orderId });
  }
  return order;
}

/**
 * Records a purchase of a consumer and counts it in `activitysum~<consumer>~<yyyymm>`, the
 * count {@link readActivity} checks its range reads against. The count adds no conflict:
 * concurrent purchases of one consumer conflict on the activity range anyway.
 *
 * @param stub - normally `ctx.stub`; a view with the transaction's own writes (ledger/own-writes.ts)
 *   when the transaction records several purchases, so that the count adds them all
 * @param consumer - checked key part
 * @param occurredAtIso - the purchase's time as `isoMillis`
 * @param month - the Shanghai month of that time
 * @param amountFen - purchase amount
 * @param rowId - the purchase's row id within its month and time: the transaction id, with a
 *   batch line's index appended, so that two lines of a batch at the same time keep two entries
 */
export async function writeActivity(
  stub: Stub,
  consumer: string,
  month: string,
  occurredAtIso: string,
  amountFen: number,
  rowId: string,
): Promise<void> {
  await putJson(stub, stateKey(stub, 'activity', consumer, month, occurredAtIso, rowId), { amountFen });
  await putJson(stub, stateKey(stub, 'activitysum', consumer, month), { purchases: (await readActivityCount(stub, consumer, month)) + 1 });
}

/**
 * A consumer's purchases in some months, for the activity multiplier of a new purchase. One
 * range read per month of the window: its size is one person's purchases in a month, far below
 * the peer's totalQueryLimit. Nothing stops a merchant from recording many purchases for one
 * consumer, though, so each read is checked against the month's count and a cut read fails
 * instead of lowering the activity.
 *
 * Range reads see committed state only, so the count is read from committed state too: a
 * transaction that recorded purchases of the consumer already adds those itself.
 *
 * @param stub - `ctx.stub`, not a view with the transaction's own writes (the count would then
 *   include purchases the range read cannot see)
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
  return (await balances.read(stub, account, laneKeyPart(lane)))?.points ?? 0;
}

/**
 * @param stub - normally `ctx.stub`
 * @param account - checked key part
 * @param lane - lane number
 * @param points - new content of the lane
 */
export async function writeLane(stub: Stub, account: string, lane: number, points: number): Promise<void> {
  await balances.write(stub, { points }, account, laneKeyPart(lane));
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
    const holding = await balances.read(stub, account, laneKeyPart(lane));
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
  await movements.write(stub, movement, movement.account, movement.time, movement.txId, String(sequence).padStart(3, '0'));
}
