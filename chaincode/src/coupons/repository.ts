/**
 * World-state access of the coupons module: a record store per record kind (ledger/store.ts),
 * and the totals and indexes beside them; keys built only through ledger/keys.ts, values
 * written as canonical JSON and read through parsers.
 *
 * @packageDocumentation
 */
import { safeAdd } from '../ledger/args';
import { partialKey, stateKey } from '../ledger/keys';
import { creditLane, LANE_COUNT, laneKeyPart } from '../ledger/lanes';
import { type Page, readAll, readPage } from '../ledger/paging';
import { readFields } from '../ledger/reader';
import { getJson, putJson } from '../ledger/state';
import { recordStore } from '../ledger/store';
import type { Stub } from '../ledger/stub';
import {
  type Claim,
  parseAlliance,
  parseClaim,
  parseClearing,
  parseCouponClass,
  parseCouponCount,
  parseCouponRedemption,
  parsePayable,
  parsePresentation,
  type Payable,
} from './records';
import { parseExchangeOrder, parseListing, parsePointProgram } from './records-trade';

/** `cpnclass~<classId>`. */
export const classes = recordStore('cpnclass', parseCouponClass, { noun: 'coupon class' });
/** `cpnclaim~<claimId>`. */
export const claims = recordStore('cpnclaim', parseClaim, { noun: 'claim' });
/** `cpnclaimby~<claimId>~<account>`: coupons one person has claimed. */
export const claimedBy = recordStore('cpnclaimby', parseCouponCount);
/** `cpnpresent~<merchantId>~<orderId>`. */
export const presentations = recordStore('cpnpresent', parsePresentation);
/** `cpnredeem~<merchantId>~<orderId>`. */
export const redemptions = recordStore('cpnredeem', parseCouponRedemption);
/** `cpnalliance~<allianceId>`. */
export const alliances = recordStore('cpnalliance', parseAlliance, { noun: 'alliance' });
/** `cpnclearing~<day>~<low>~<high>`. */
export const clearings = recordStore('cpnclearing', parseClearing);
/** `cpnlisting~<listingId>`. */
export const listings = recordStore('cpnlisting', parseListing, { noun: 'listing' });
/** `cpnorder~<orderId>`. */
export const orders = recordStore('cpnorder', parseExchangeOrder, { noun: 'exchange order' });
/** `ppprogram~<programId>`. */
export const programs = recordStore('ppprogram', parsePointProgram, { noun: 'point program' });
/** `cpnpayable~<day>~<low>~<high>~<txId>`: one amount owed between two merchants. */
const payables = recordStore('cpnpayable', parsePayable);

/**
 * @param stub - normally `ctx.stub`
 * @param classId - the class
 * @param txId - the burning transaction
 * @param quantity - coupons burned
 */
export async function writeBurn(stub: Stub, classId: string, txId: string, quantity: number): Promise<void> {
  await putJson(stub, stateKey(stub, 'cpnburn', classId, txId), { quantity });
}

/**
 * @param stub - normally `ctx.stub`
 * @param day - clearing day `yyyymmdd`
 * @param pair - the two merchants, sorted
 * @param txId - the recording transaction
 * @param payable - the amount owed
 */
export async function writePayable(
  stub: Stub,
  day: string,
  pair: readonly [string, string],
  txId: string,
  payable: Payable,
): Promise<void> {
  await payables.write(stub, payable, day, pair[0], pair[1], txId);
  const lane = laneKeyPart(creditLane(txId));
  const key = stateKey(stub, 'cpnpaysum', day, pair[0], pair[1], lane);
  const total = (await getJson(stub, key, parsePayableTotals)) ?? { payables: 0, aOwesBFen: 0, bOwesAFen: 0 };
  const fromA = payable.from === pair[0];
  await putJson(stub, key, {
    payables: total.payables + 1,
    aOwesBFen: fromA ? safeAdd(total.aOwesBFen, payable.amountFen) : total.aOwesBFen,
    bOwesAFen: fromA ? total.bOwesAFen : safeAdd(total.bOwesAFen, payable.amountFen),
  });
}

/** What a pair's payables of one day add up to, each way. */
export type PayableTotals = { readonly payables: number; readonly aOwesBFen: number; readonly bOwesAFen: number };

function parsePayableTotals(value: unknown): PayableTotals {
  const f = readFields(value, 'payable totals');
  return { payables: f.integer('payables'), aOwesBFen: f.integer('aOwesBFen'), bOwesAFen: f.integer('bOwesAFen') };
}

/**
 * The totals ClearDay nets: a busy pair records more payables in a day than the peer returns
 * from one range read (its totalQueryLimit), so each payable also adds to
 * `cpnpaysum~<day>~<low>~<high>~<lane>`, the lane picked by the redeeming transaction's id
 * (`creditLane`). Redemptions of one pair and day meet on a lane only when their ids pick the
 * same one (1 in 64), and then one is retried; reading the 64 lanes takes point reads, which no
 * query limit cuts.
 *
 * @param stub - normally `ctx.stub`
 * @param day - clearing day
 * @param pair - the two merchants, sorted
 * @returns the number of payables and what each merchant of the pair owes the other
 */
export async function sumPayables(stub: Stub, day: string, pair: readonly [string, string]): Promise<PayableTotals> {
  let payables = 0;
  let aOwesBFen = 0;
  let bOwesAFen = 0;
  for (let lane = 0; lane < LANE_COUNT; lane++) {
    const total = await getJson(stub, stateKey(stub, 'cpnpaysum', day, pair[0], pair[1], laneKeyPart(lane)), parsePayableTotals);
    if (total !== undefined) {
      payables += total.payables;
      aOwesBFen = safeAdd(aOwesBFen, total.aOwesBFen);
      bOwesAFen = safeAdd(bOwesAFen, total.bOwesAFen);
    }
  }
  return { payables, aOwesBFen, bOwesAFen };
}

/**
 * Every payable of a pair on a day, page by page, for the GetClearing query: the range grows
 * with the pair's redemptions.
 *
 * @param stub - normally `ctx.stub` of a read-only transaction
 * @param day - clearing day
 * @param pair - the two merchants, sorted
 * @returns the payables recorded for the pair on that day
 */
export async function readPayables(stub: Stub, day: string, pair: readonly [string, string]): Promise<Payable[]> {
  return payables.all(stub, day, pair[0], pair[1]);
}

/**
 * Marks an exchange order open (listed for matchers) or not.
 *
 * @param stub - normally `ctx.stub`
 * @param orderId - the order
 * @param open - true to list it, false to remove it
 */
export async function setOrderOpen(stub: Stub, orderId: string, open: boolean): Promise<void> {
  const key = stateKey(stub, 'cpnopen', orderId);
  await (open ? putJson(stub, key, { orderId }) : stub.deleteState(key));
}

/**
 * @param stub - normally `ctx.stub`
 * @param pageSize - checked page size
 * @param bookmark - `""` or a bookmark from a previous page
 * @returns one page of open order ids, in id order
 */
export async function pageOpenOrders(stub: Stub, pageSize: number, bookmark: unknown): Promise<Page<string>> {
  return readPage(stub, partialKey('cpnopen'), pageSize, bookmark, (value) => readFields(value, 'open order').string('orderId'));
}

/**
 * Sums every count under a key type and class (or program), for the supply-check queries.
 * Read page by page: a class has a count per holder, escrow and burning transaction.
 *
 * @param stub - normally `ctx.stub` of a read-only transaction
 * @param type - balances, escrows or burns
 * @param classId - the class
 * @returns the total quantity
 */
export async function sumCounts(
  stub: Stub,
  type: 'cpnbal' | 'cpnescrow' | 'cpnburn' | 'ppbal' | 'ppescrow',
  classId: string,
): Promise<number> {
  const counts = await readAll(stub, partialKey(type, classId), parseCouponCount);
  return counts.reduce((sum, count) => safeAdd(sum, count.quantity), 0);
}

/**
 * Every claim of every class, page by page, for the supply-check query.
 *
 * @param stub - normally `ctx.stub` of a read-only transaction
 * @returns every claim, in id order
 */
export async function readAllClaims(stub: Stub): Promise<Claim[]> {
  return claims.all(stub);
}
