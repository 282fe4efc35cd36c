/**
 * The secondary market: holders list coupons of resellable classes at a price in platform
 * points; buyers take all or part. The listed coupons sit in an escrow of the listing, so
 * delivery (coupons) and payment (points from the buyer) happen in one transaction.
 *
 * @packageDocumentation
 */
import { COUPONS } from '@loulan/protocol';
import type { Context } from 'fabric-contract-api';

import { MAX_POINTS_ARGUMENT, parseInteger } from '../ledger/args';
import { AlreadyExistsError, ConflictError, ForbiddenError, InsufficientCouponsError, InvalidArgumentError } from '../ledger/errors';
import { executeWrite } from '../ledger/execute';
import { requireKeyPart } from '../ledger/keys';
import { creditLane, DEFAULT_DEBIT_LANE } from '../ledger/lanes';
import { mulAtMost } from '../ledger/money';
import type { Stub } from '../ledger/stub';
import { requireClass } from './common';
import { type CouponEscrow, CouponLedger } from './holdings';
import { MAX_COUPONS_ARGUMENT, requireNotExpired } from './ops-classes';
import type { Listing } from './records-trade';
import { listings } from './repository';

/**
 * ListCoupons: the caller puts coupons of a resellable, unexpired class up for sale.
 *
 * @returns the Listing as JSON
 */
export async function listCoupons(
  ctx: Context,
  requestId: string,
  listingId: string,
  classId: string,
  quantity: string,
  pricePoints: string,
): Promise<string> {
  const spec = { tx: COUPONS.transactions.ListCoupons, requestId, args: [listingId, classId, quantity, pricePoints] };
  return executeWrite(ctx, spec, async ({ stub, caller, time, timeMs }) => {
    const id = requireKeyPart(listingId, 'listingId');
    const coupon = await requireClass(stub, classId);
    const amount = parseInteger(quantity, 'quantity', 1, MAX_COUPONS_ARGUMENT);
    const price = parseInteger(pricePoints, 'pricePoints', 1, MAX_POINTS_ARGUMENT);
    if (!coupon.resellable) {
      throw new ForbiddenError(`coupons of ${coupon.classId} may not be resold`, { classId: coupon.classId });
    }
    requireNotExpired(coupon, timeMs);
    if ((await listings.read(stub, id)) !== undefined) {
      throw new AlreadyExistsError(`listing ${id} exists already`, { listingId: id });
    }
    await new CouponLedger(stub).lock(caller.account, escrowOf(coupon.classId, id), amount);
    const listing: Listing = {
      listingId: id,
      seller: caller.account,
      classId: coupon.classId,
      quantity: amount,
      remaining: amount,
      pricePoints: price,
      status: 'OPEN',
      createdAt: time,
      updatedAt: time,
    };
    await listings.write(stub, listing, id);
    return listing;
  });
}

/**
 * BuyListing: the caller buys coupons of a listing, paying `quantity × pricePoints` points
 * from its own account to the seller.
 *
 * @returns `{requestId, listingId, classId, seller, buyer, quantity, points, remaining, txId, time}` as JSON
 */
export async function buyListing(ctx: Context, requestId: string, listingId: string, quantity: string): Promise<string> {
  const spec = { tx: COUPONS.transactions.BuyListing, requestId, args: [listingId, quantity] };
  return executeWrite(ctx, spec, async ({ stub, caller, book, requestId: id, txId, time, timeMs }) => {
    const listing = await requireOpenListing(stub, listingId);
    const amount = parseInteger(quantity, 'quantity', 1, MAX_COUPONS_ARGUMENT);
    if (caller.account === listing.seller) {
      throw new ForbiddenError('a seller cannot buy its own listing', { listingId: listing.listingId });
    }
    requireNotExpired(await requireClass(stub, listing.classId), timeMs);
    if (amount > listing.remaining) {
      throw new InsufficientCouponsError(`listing ${listing.listingId} has ${listing.remaining} coupons left`, {
        listingId: listing.listingId,
        needed: amount,
        available: listing.remaining,
      });
    }
    // Up to 10^8 coupons × 10^12 points: exact, and refused above what one argument may carry.
    const points = mulAtMost(amount, listing.pricePoints, MAX_POINTS_ARGUMENT);
    if (points === undefined) {
      throw new InvalidArgumentError(`a purchase may cost at most ${MAX_POINTS_ARGUMENT} points`, { field: 'quantity' });
    }
    await book.transfer({
      from: caller.account,
      fromLane: DEFAULT_DEBIT_LANE,
      to: listing.seller,
      toTarget: creditLane(txId),
      points,
      kind: 'TRANSFER',
      requestId: id,
      reference: listing.listingId,
    });
    await new CouponLedger(stub).release(escrowOf(listing.classId, listing.listingId), caller.account, amount);
    const remaining = listing.remaining - amount;
    await listings.write(stub, { ...listing, remaining, status: remaining === 0 ? 'FILLED' : 'OPEN', updatedAt: time }, listing.listingId);
    return {
      requestId: id,
      listingId: listing.listingId,
      classId: listing.classId,
      seller: listing.seller,
      buyer: caller.account,
      quantity: amount,
      points,
      remaining,
      txId,
      time,
    };
  });
}

/**
 * CancelListing (seller): ends a listing; the unsold coupons return to the seller.
 *
 * @returns the Listing as JSON
 */
export async function cancelListing(ctx: Context, requestId: string, listingId: string): Promise<string> {
  const spec = { tx: COUPONS.transactions.CancelListing, requestId, args: [listingId] };
  return executeWrite(ctx, spec, async ({ stub, caller, time }) => {
    const listing = await requireOpenListing(stub, listingId);
    if (caller.account !== listing.seller) {
      throw new ForbiddenError('only the seller may cancel a listing', { listingId: listing.listingId });
    }
    await new CouponLedger(stub).release(escrowOf(listing.classId, listing.listingId), listing.seller, listing.remaining);
    const cancelled: Listing = { ...listing, remaining: 0, status: 'CANCELLED', updatedAt: time };
    await listings.write(stub, cancelled, listing.listingId);
    return cancelled;
  });
}

function escrowOf(classId: string, listingId: string): CouponEscrow {
  return { classId, kind: 'listing', ids: [listingId] };
}

async function requireOpenListing(stub: Stub, listingId: string): Promise<Listing> {
  const listing = await listings.require(stub, 'listingId', listingId);
  if (listing.status !== 'OPEN') {
    throw new ConflictError(`listing ${listing.listingId} is ${listing.status}`, { listingId: listing.listingId, status: listing.status });
  }
  return listing;
}
