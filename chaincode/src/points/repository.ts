/**
 * World-state access of the points module: one function per record kind, keys built only
 * through ledger/keys.ts, values written as canonical JSON and read through parsers.
 *
 * @packageDocumentation
 */
import type { ChaincodeStub } from 'fabric-shim';

import { safeAdd } from '../ledger/args';
import { partialKey, stateKey } from '../ledger/keys';
import { readPage, type Page } from '../ledger/paging';
import { scanRange } from '../ledger/scan';
import { getJson, putJson } from '../ledger/state';
import { parseInstant } from '../ledger/time';
import { laneKeyPart } from './lanes';
import { DEFAULT_PARAMS, parseStoredParams, type ParamsDocument, type StoredParams } from './params';
import {
  parseActivityEntry,
  parseMerchant,
  parseMovement,
  parsePointsHolding,
  parseProduct,
  parseRedemption,
  parseReward,
  parseSale,
  parseSupply,
  type Merchant,
  type Movement,
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
 * @param stub - normally `ctx.stub`
 * @param merchantId - checked key part
 * @param month - `yyyymm`
 * @returns total fen and number of the sales attributed to the month
 */
export async function sumSales(stub: Stub, merchantId: string, month: string): Promise<{ salesFen: number; purchases: number }> {
  const sales = await scanRange(stub, partialKey('sale', merchantId, month), parseSale);
  return {
    salesFen: sales.reduce((sum, sale) => safeAdd(sum, sale.value.amountFen), 0),
    purchases: sales.length,
  };
}

/**
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
}

/**
 * @param stub - normally `ctx.stub`
 * @param consumer - checked key part
 * @param months - month buckets to read
 * @returns the consumer's purchases in those months
 */
export async function readActivity(
  stub: Stub,
  consumer: string,
  months: readonly string[],
): Promise<{ occurredAtMs: number; amountFen: number }[]> {
  const found: { occurredAtMs: number; amountFen: number }[] = [];
  for (const month of months) {
    for (const entry of await scanRange(stub, partialKey('activity', consumer, month), parseActivityEntry)) {
      found.push({ occurredAtMs: parseInstant(entry.parts[2], 'activity key'), amountFen: entry.value.amountFen });
    }
  }
  return found;
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
 * @param stub - normally `ctx.stub`
 * @param account - checked key part
 * @returns the points in each lane that was ever written, by lane number
 */
export async function readLanes(stub: Stub, account: string): Promise<Map<number, number>> {
  const lanes = await scanRange(stub, partialKey('balance', account), parsePointsHolding);
  return new Map(lanes.map((lane) => [Number(lane.parts[1]), lane.value.points]));
}

/**
 * Sums every record of a holding type over all accounts, for the invariant check.
 *
 * @param stub - normally `ctx.stub`
 * @param type - `balance` or `escrow`
 * @returns the total points
 */
export async function sumHoldings(stub: Stub, type: 'balance' | 'escrow'): Promise<number> {
  const holdings = await scanRange(stub, partialKey(type), parsePointsHolding);
  return holdings.reduce((sum, holding) => safeAdd(sum, holding.value.points), 0);
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
