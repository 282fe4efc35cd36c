/**
 * Claim campaigns: the issuer reserves coupons from the unissued pool; consumers claim
 * them up to a per-person limit.
 *
 * @packageDocumentation
 */
import { COUPONS } from '@loulan/protocol';
import type { Context } from 'fabric-contract-api';

import { parseInteger, safeAdd } from '../ledger/args';
import { AlreadyExistsError, ConflictError, ForbiddenError, InsufficientCouponsError } from '../ledger/errors';
import { executeWrite } from '../ledger/execute';
import { requireKeyPart } from '../ledger/keys';
import type { Stub } from '../ledger/stub';
import { requireClass, requireIssuer } from './common';
import { CouponLedger } from './holdings';
import { MAX_COUPONS_ARGUMENT, requireNotExpired, requireUnissued } from './ops-classes';
import type { Claim } from './records';
import { claimedBy, claims, classes } from './repository';

/**
 * OpenClaim (issuer): reserves `total` coupons that anyone may claim, `perPerson` each.
 *
 * @returns the Claim as JSON
 */
export async function openClaim(
  ctx: Context,
  requestId: string,
  claimId: string,
  classId: string,
  perPerson: string,
  total: string,
): Promise<string> {
  const spec = { tx: COUPONS.transactions.OpenClaim, requestId, args: [claimId, classId, perPerson, total] };
  return executeWrite(ctx, spec, async ({ stub, caller, time, timeMs }) => {
    const id = requireKeyPart(claimId, 'claimId');
    const coupon = await requireClass(stub, classId);
    requireIssuer(coupon, caller);
    const size = parseInteger(total, 'total', 1, MAX_COUPONS_ARGUMENT);
    const limit = parseInteger(perPerson, 'perPerson', 1, size);
    requireNotExpired(coupon, timeMs);
    requireUnissued(coupon, size);
    if ((await claims.read(stub, id)) !== undefined) {
      throw new AlreadyExistsError(`claim ${id} exists already`, { claimId: id });
    }
    const claim: Claim = {
      claimId: id,
      classId: coupon.classId,
      issuer: coupon.issuer,
      perPerson: limit,
      total: size,
      claimed: 0,
      open: true,
      openedAt: time,
    };
    await classes.write(stub, { ...coupon, allocated: coupon.allocated + size }, coupon.classId);
    await claims.write(stub, claim, id);
    return claim;
  });
}

/**
 * ClaimCoupons: the caller takes coupons from an open claim.
 *
 * @returns `{requestId, claimId, classId, holder, quantity, claimedByHolder, remaining, txId, time}` as JSON
 */
export async function claimCoupons(ctx: Context, requestId: string, claimId: string, quantity: string): Promise<string> {
  const spec = { tx: COUPONS.transactions.ClaimCoupons, requestId, args: [claimId, quantity] };
  return executeWrite(ctx, spec, async ({ stub, caller, requestId: id, txId, time, timeMs }) => {
    const claim = await requireClaim(stub, claimId);
    const amount = parseInteger(quantity, 'quantity', 1, MAX_COUPONS_ARGUMENT);
    if (!claim.open) {
      throw new ConflictError(`claim ${claim.claimId} is closed`, { claimId: claim.claimId });
    }
    if (caller.account === claim.issuer) {
      throw new ForbiddenError('the issuer cannot claim its own coupons', { claimId: claim.claimId });
    }
    requireNotExpired(await requireClass(stub, claim.classId), timeMs);
    const before = (await claimedBy.read(stub, claim.claimId, caller.account))?.quantity ?? 0;
    const remaining = claim.total - claim.claimed;
    if (amount > remaining || before + amount > claim.perPerson) {
      throw new InsufficientCouponsError(`claim ${claim.claimId} allows ${Math.min(remaining, claim.perPerson - before)} more coupons`, {
        claimId: claim.claimId,
        needed: amount,
        available: Math.min(remaining, claim.perPerson - before),
      });
    }
    await claims.write(stub, { ...claim, claimed: claim.claimed + amount }, claim.claimId);
    await claimedBy.write(stub, { quantity: safeAdd(before, amount) }, claim.claimId, caller.account);
    await new CouponLedger(stub).credit(claim.classId, caller.account, amount);
    return {
      requestId: id,
      claimId: claim.claimId,
      classId: claim.classId,
      holder: caller.account,
      quantity: amount,
      claimedByHolder: before + amount,
      remaining: remaining - amount,
      txId,
      time,
    };
  });
}

/**
 * CloseClaim (issuer): ends a claim; its unclaimed coupons return to the unissued pool.
 *
 * @returns the Claim as JSON
 */
export async function closeClaim(ctx: Context, requestId: string, claimId: string): Promise<string> {
  const spec = { tx: COUPONS.transactions.CloseClaim, requestId, args: [claimId] };
  return executeWrite(ctx, spec, async ({ stub, caller }) => {
    const claim = await requireClaim(stub, claimId);
    const coupon = await requireClass(stub, claim.classId);
    requireIssuer(coupon, caller);
    if (!claim.open) {
      throw new ConflictError(`claim ${claim.claimId} is closed`, { claimId: claim.claimId });
    }
    const closed = { ...claim, open: false };
    await classes.write(stub, { ...coupon, allocated: coupon.allocated - (claim.total - claim.claimed) }, coupon.classId);
    await claims.write(stub, closed, claim.claimId);
    return closed;
  });
}

/**
 * @param stub - normally `ctx.stub`
 * @param claimId - the argument as received
 * @returns the claim
 * @throws NotFoundError when it does not exist
 */
export async function requireClaim(stub: Stub, claimId: string): Promise<Claim> {
  return claims.require(stub, 'claimId', claimId);
}
