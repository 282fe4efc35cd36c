/**
 * Read-only transactions of the coupons contract.
 *
 * @packageDocumentation
 */
import type { Context } from 'fabric-contract-api';

import { safeAdd } from '../ledger/args';
import { canReadAccount, type Caller } from '../ledger/caller';
import { readingCaller } from '../ledger/accounts';
import { parseDay } from '../ledger/day';
import { ForbiddenError, InvalidArgumentError, NotFoundError } from '../ledger/errors';
import { requireKeyPart } from '../ledger/keys';
import { parsePageSize } from '../ledger/paging';
import { stableStringify, type JsonValue } from '../ledger/state';
import { requireAsset } from './assets';
import { requireClass } from './common';
import { CouponLedger, PROGRAM_ASSET_PREFIX } from './holdings';
import { requireAlliance } from './ops-alliance';
import { requireClaim } from './ops-claims';
import { requireOrder } from './ops-exchange';
import { requireProgram } from './ops-programs';
import type { RecordStore } from './repository';
import { clearings, listings, pageOpenOrders, presentations, readAllClaims, readPayables, redemptions, sumCounts } from './repository';
import { merchantPair, netPayables } from './rules';
import type { Stub } from '../points/repository';

/** @returns the CouponClass as JSON */
export async function getClass(ctx: Context, classId: string): Promise<string> {
  await readingCaller(ctx);
  return stableStringify(await requireClass(ctx.stub, classId));
}

/** @returns `{classId, holder, quantity}` as JSON; readable by the holder, the issuer, admins and auditors */
export async function getCouponBalance(ctx: Context, classId: string, holder: string): Promise<string> {
  const caller = await readingCaller(ctx);
  const coupon = await requireClass(ctx.stub, classId);
  const account = requireKeyPart(holder, 'holder');
  requireReader(caller, [account, coupon.issuer]);
  const quantity = await new CouponLedger(ctx.stub).balance(coupon.classId, account);
  return stableStringify({ classId: coupon.classId, holder: account, quantity });
}

/** @returns the Claim as JSON */
export async function getClaim(ctx: Context, claimId: string): Promise<string> {
  await readingCaller(ctx);
  return stableStringify(await requireClaim(ctx.stub, claimId));
}

/** @returns the Presentation as JSON; readable by the holder, the merchant, admins and auditors */
export async function getPresentation(ctx: Context, merchantId: string, orderId: string): Promise<string> {
  const found = await readOrderRecord(ctx, presentations, 'presentation', merchantId, orderId);
  requireReader(await readingCaller(ctx), [found.holder, found.merchantId]);
  return stableStringify(found);
}

/** @returns the CouponRedemption as JSON; readable by holder, merchant, issuer, admins and auditors */
export async function getCouponRedemption(ctx: Context, merchantId: string, orderId: string): Promise<string> {
  const found = await readOrderRecord(ctx, redemptions, 'redemption', merchantId, orderId);
  requireReader(await readingCaller(ctx), [found.holder, found.merchantId, found.issuer]);
  return stableStringify(found);
}

/** @returns the Alliance as JSON */
export async function getAlliance(ctx: Context, allianceId: string): Promise<string> {
  await readingCaller(ctx);
  return stableStringify(await requireAlliance(ctx.stub, allianceId));
}

/**
 * The payables of a pair on a day, netted as ClearDay would, and the statement if cleared.
 *
 * @returns `{day, merchantA, merchantB, payables, aOwesBFen, bOwesAFen, netFen, netFrom, netTo, statement}` as JSON
 */
export async function getClearing(ctx: Context, day: string, merchantA: string, merchantB: string): Promise<string> {
  const caller = await readingCaller(ctx);
  const checkedDay = parseDay(day, 'day');
  const a = requireKeyPart(merchantA, 'merchantA');
  const b = requireKeyPart(merchantB, 'merchantB');
  if (a === b) {
    throw new InvalidArgumentError('a clearing needs two different merchants', { field: 'merchantB' });
  }
  const pair = merchantPair(a, b);
  requireReader(caller, pair);
  const payables = await readPayables(ctx.stub, checkedDay, pair);
  const statement = (await clearings.read(ctx.stub, checkedDay, pair[0], pair[1])) ?? null;
  const netting = netPayables(pair, payables);
  return stableStringify({ day: checkedDay, merchantA: pair[0], merchantB: pair[1], payables: payables.length, ...netting, statement });
}

/** @returns the Listing as JSON */
export async function getListing(ctx: Context, listingId: string): Promise<string> {
  await readingCaller(ctx);
  const id = requireKeyPart(listingId, 'listingId');
  const listing = await listings.read(ctx.stub, id);
  if (listing === undefined) {
    throw new NotFoundError(`listing ${id} does not exist`, { listingId: id });
  }
  return stableStringify(listing);
}

/** @returns the ExchangeOrder as JSON */
export async function getOrder(ctx: Context, orderId: string): Promise<string> {
  await readingCaller(ctx);
  return stableStringify(await requireOrder(ctx.stub, orderId));
}

/**
 * One page of open exchange orders, each with the unit value in fen and the validity end
 * (null for program points) of both assets, which is all a matcher needs.
 *
 * @returns `{items: [{order, giveUnitValueFen, wantUnitValueFen, giveValidUntil, wantValidUntil}], bookmark}` as JSON
 */
export async function listOpenOrders(ctx: Context, pageSize: string, bookmark: string): Promise<string> {
  await readingCaller(ctx);
  const page = await pageOpenOrders(ctx.stub, parsePageSize(pageSize), bookmark);
  const items: JsonValue[] = [];
  for (const orderId of page.items) {
    const order = await requireOrder(ctx.stub, orderId);
    const give = await requireAsset(ctx.stub, order.giveClassId, 'giveClassId');
    const want = await requireAsset(ctx.stub, order.wantClassId, 'wantClassId');
    items.push({
      order,
      giveUnitValueFen: give.unitValueFen,
      wantUnitValueFen: want.unitValueFen,
      giveValidUntil: give.coupon?.validUntil ?? null,
      wantValidUntil: want.coupon?.validUntil ?? null,
    });
  }
  return stableStringify({ items, bookmark: page.bookmark });
}

/**
 * Checks, for one class, allocated = Σ holdings + Σ escrows + burned + unclaimed coupons of
 * open claims.
 *
 * @returns `{classId, supply, allocated, unissued, holdings, escrowed, burned, claimable, holds}` as JSON
 */
export async function checkCouponSupply(ctx: Context, classId: string): Promise<string> {
  await readingCaller(ctx);
  const coupon = await requireClass(ctx.stub, classId);
  const holdings = await sumCounts(ctx.stub, 'cpnbal', coupon.classId);
  const escrowed = await sumCounts(ctx.stub, 'cpnescrow', coupon.classId);
  const burned = await sumCounts(ctx.stub, 'cpnburn', coupon.classId);
  const claimable = (await readAllClaims(ctx.stub))
    .filter((claim) => claim.classId === coupon.classId && claim.open)
    .reduce((sum, claim) => safeAdd(sum, claim.total - claim.claimed), 0);
  const accounted = safeAdd(safeAdd(holdings, escrowed), safeAdd(burned, claimable));
  return stableStringify({
    classId: coupon.classId,
    supply: coupon.supply,
    allocated: coupon.allocated,
    unissued: coupon.supply - coupon.allocated,
    holdings,
    escrowed,
    burned,
    claimable,
    holds: accounted === coupon.allocated,
  });
}

function requireReader(caller: Caller, parties: readonly string[]): void {
  if (!parties.some((party) => canReadAccount(caller, party))) {
    throw new ForbiddenError('only the parties, a platform admin or an auditor may read this', { role: caller.role });
  }
}

async function readOrderRecord<T>(ctx: Context, store: RecordStore<T>, what: string, merchantId: string, orderId: string): Promise<T> {
  const merchant = requireKeyPart(merchantId, 'merchantId');
  const order = requireKeyPart(orderId, 'orderId');
  const stub: Stub = ctx.stub;
  const found = await store.read(stub, merchant, order);
  if (found === undefined) {
    throw new NotFoundError(`no coupon ${what} for order ${order} at ${merchant}`, { merchantId: merchant, orderId: order });
  }
  return found;
}

/** @returns the PointProgram as JSON */
export async function getProgram(ctx: Context, programId: string): Promise<string> {
  await readingCaller(ctx);
  return stableStringify(await requireProgram(ctx.stub, programId));
}

/** @returns `{programId, account, points}` as JSON; readable by the holder, the owner, admins and auditors */
export async function getProgramBalance(ctx: Context, programId: string, account: string): Promise<string> {
  const caller = await readingCaller(ctx);
  const program = await requireProgram(ctx.stub, programId);
  const holder = requireKeyPart(account, 'account');
  requireReader(caller, [holder, program.owner]);
  const points = await new CouponLedger(ctx.stub).balance(PROGRAM_ASSET_PREFIX + program.programId, holder);
  return stableStringify({ programId: program.programId, account: holder, points });
}

/**
 * Checks, for one point program, issued = Σ balances + Σ escrows.
 *
 * @returns `{programId, issued, balances, escrowed, holds}` as JSON
 */
export async function checkProgramSupply(ctx: Context, programId: string): Promise<string> {
  await readingCaller(ctx);
  const program = await requireProgram(ctx.stub, programId);
  const balances = await sumCounts(ctx.stub, 'ppbal', program.programId);
  const escrowed = await sumCounts(ctx.stub, 'ppescrow', program.programId);
  return stableStringify({ programId: program.programId, issued: program.issued, balances, escrowed, holds: safeAdd(balances, escrowed) === program.issued });
}
