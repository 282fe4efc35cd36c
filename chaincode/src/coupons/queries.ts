/**
 * Read-only transactions of the coupons contract.
 *
 * @packageDocumentation
 */
import type { Context } from 'fabric-contract-api';

import { readingCaller } from '../ledger/accounts';
import { safeAdd } from '../ledger/args';
import { type Caller, canReadAccount } from '../ledger/caller';
import { ForbiddenError, NotFoundError } from '../ledger/errors';
import { requireKeyPart } from '../ledger/keys';
import { parsePageSize } from '../ledger/paging';
import { type JsonValue, stableStringify } from '../ledger/state';
import type { RecordStore } from '../ledger/store';
import { requireAsset } from './assets';
import { clearingOf } from './clearing';
import { requireClass } from './common';
import { CouponLedger, PROGRAM_ASSET_PREFIX } from './holdings';
import { requireAlliance } from './ops-alliance';
import { requireClaim } from './ops-claims';
import { requireOrder } from './ops-exchange';
import { requireProgram } from './ops-programs';
import { clearings, listings, pageOpenOrders, presentations, readAllClaims, readPayables, redemptions, sumCounts } from './repository';
import { netPayables } from './rules';

/** @returns the CouponClass as JSON */
export async function getClass(ctx: Context, classId: string): Promise<string> {
  await readingCaller(ctx);
  return stableStringify(await requireClass(ctx.stub, classId));
}

/** @returns `{classId, holder, quantity}` as JSON; readable by the holder, the issuer, admins and auditors */
export async function getCouponBalance(ctx: Context, classId: string, holder: string): Promise<string> {
  const caller = await readingCaller(ctx);
  const coupon = await requireClass(ctx.stub, classId);
  const held = await heldBy(ctx, caller, coupon.classId, coupon.issuer, holder, 'holder');
  return stableStringify({ classId: coupon.classId, holder: held.account, quantity: held.amount });
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
  const { checkedDay, pair } = clearingOf(day, merchantA, merchantB);
  requireReader(caller, pair);
  const payables = await readPayables(ctx.stub, checkedDay, pair);
  const statement = (await clearings.read(ctx.stub, checkedDay, pair[0], pair[1])) ?? null;
  const netting = netPayables(pair, payables);
  return stableStringify({ day: checkedDay, merchantA: pair[0], merchantB: pair[1], payables: payables.length, ...netting, statement });
}

/** @returns the Listing as JSON */
export async function getListing(ctx: Context, listingId: string): Promise<string> {
  await readingCaller(ctx);
  return stableStringify(await listings.require(ctx.stub, 'listingId', listingId));
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

async function readOrderRecord<T extends JsonValue>(
  ctx: Context,
  store: RecordStore<T>,
  what: string,
  merchantId: string,
  orderId: string,
): Promise<T> {
  const merchant = requireKeyPart(merchantId, 'merchantId');
  const order = requireKeyPart(orderId, 'orderId');
  const found = await store.read(ctx.stub, merchant, order);
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
  const held = await heldBy(ctx, caller, PROGRAM_ASSET_PREFIX + program.programId, program.owner, account, 'account');
  return stableStringify({ programId: program.programId, account: held.account, points: held.amount });
}

/** What a holder holds of an asset, readable by the holder, the asset's owner, admins and auditors. */
async function heldBy(
  ctx: Context,
  caller: Caller,
  assetId: string,
  owner: string,
  holder: string,
  field: string,
): Promise<{ account: string; amount: number }> {
  const account = requireKeyPart(holder, field);
  requireReader(caller, [account, owner]);
  return { account, amount: await new CouponLedger(ctx.stub).balance(assetId, account) };
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
  return stableStringify({
    programId: program.programId,
    issued: program.issued,
    balances,
    escrowed,
    holds: safeAdd(balances, escrowed) === program.issued,
  });
}
