/**
 * Look-ups and checks shared by the coupon operations.
 *
 * @packageDocumentation
 */
import type { AccountCaller } from '../ledger/caller';
import { ConflictError, CouponExpiredError, CouponNotAcceptedError, ForbiddenError } from '../ledger/errors';
import { platform } from '../ledger/platform';
import type { Stub } from '../ledger/stub';
import type { CouponClass } from './records';
import { alliances, classes } from './repository';
import { accepts, validityAt } from './rules';

/**
 * @param stub - normally `ctx.stub`
 * @param classId - the argument as received
 * @returns the class
 * @throws InvalidArgumentError for a bad id, NotFoundError when no such class exists
 */
export async function requireClass(stub: Stub, classId: string): Promise<CouponClass> {
  return classes.require(stub, 'classId', classId);
}

/**
 * @param coupon - the class
 * @param caller - the caller
 * @throws ForbiddenError unless the caller issued the class
 */
export function requireIssuer(coupon: CouponClass, caller: AccountCaller): void {
  if (caller.account !== coupon.issuer) {
    throw new ForbiddenError('only the issuer of the class may do this', { classId: coupon.classId });
  }
}

/**
 * @param stub - normally `ctx.stub`
 * @param merchantId - a checked merchant id
 * @throws ForbiddenError when the merchant is not registered on the points ledger
 */
export async function requireRegisteredMerchant(stub: Stub, merchantId: string): Promise<void> {
  if (!(await platform().isRegisteredMerchant(stub, merchantId))) {
    throw new ForbiddenError(`merchant ${merchantId} is not registered`, { merchantId });
  }
}

/**
 * @param coupon - the class
 * @param epochMs - the instant that must lie in the validity window
 * @throws CouponExpiredError after the window, ConflictError before it
 */
export function requireValid(coupon: CouponClass, epochMs: number): void {
  const validity = validityAt(coupon, epochMs);
  if (validity === 'EXPIRED') {
    throw new CouponExpiredError(`coupon class ${coupon.classId} expired at ${coupon.validUntil}`, {
      classId: coupon.classId,
      validUntil: coupon.validUntil,
    });
  }
  if (validity === 'NOT_YET_VALID') {
    throw new ConflictError(`coupon class ${coupon.classId} is valid from ${coupon.validFrom}`, {
      classId: coupon.classId,
      validFrom: coupon.validFrom,
    });
  }
}

/**
 * @param stub - normally `ctx.stub`
 * @param coupon - the class
 * @param merchantId - the redeeming merchant
 * @throws CouponNotAcceptedError when the merchant does not accept the class
 */
export async function requireAccepted(stub: Stub, coupon: CouponClass, merchantId: string): Promise<void> {
  const members = coupon.acceptance.kind === 'alliance' ? ((await alliances.read(stub, coupon.acceptance.allianceId))?.members ?? []) : [];
  if (!accepts(coupon, merchantId, members)) {
    throw new CouponNotAcceptedError(`merchant ${merchantId} does not accept coupons of ${coupon.classId}`, {
      classId: coupon.classId,
      merchantId,
    });
  }
}
