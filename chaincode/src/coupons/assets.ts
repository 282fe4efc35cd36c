/**
 * What the exchange trades: coupon classes, and point programs under `program:<programId>`.
 *
 * @packageDocumentation
 */
import { ForbiddenError } from '../ledger/errors';
import { requireKeyPart } from '../ledger/keys';
import type { Stub } from '../ledger/stub';
import { requireClass, requireValid } from './common';
import { assetKeys } from './holdings';
import { requireProgram } from './ops-programs';
import type { CouponClass } from './records';
import { validityAt } from './rules';

/** An exchangeable asset. */
export interface Asset {
  readonly assetId: string;
  /** Face value of a coupon, or point value of a program point, in fen. */
  readonly unitValueFen: number;
  /** The coupon class, null for a point program (whose points never expire). */
  readonly coupon: CouponClass | null;
}

/**
 * @param stub - normally `ctx.stub`
 * @param assetId - a coupon class id or `program:<programId>`, as received
 * @param field - argument name reported in errors
 * @returns the asset
 * @throws NotFoundError when it does not exist, ForbiddenError for a class that is not transferable
 */
export async function requireAsset(stub: Stub, assetId: string, field: string): Promise<Asset> {
  const keys = assetKeys(requireKeyPart(assetId, field));
  if (keys.balance === 'ppbal') {
    const program = await requireProgram(stub, keys.id);
    return { assetId, unitValueFen: program.pointValueFen, coupon: null };
  }
  const coupon = await requireClass(stub, assetId);
  if (!coupon.transferable) {
    throw new ForbiddenError(`coupons of ${coupon.classId} are not transferable`, { classId: coupon.classId });
  }
  return { assetId: coupon.classId, unitValueFen: coupon.faceValueFen, coupon };
}

/**
 * @param asset - the asset
 * @param epochMs - the transaction time
 * @throws CouponExpiredError for an expired coupon class
 */
export function requireAssetNotExpired(asset: Asset, epochMs: number): void {
  if (asset.coupon !== null && validityAt(asset.coupon, epochMs) === 'EXPIRED') {
    requireValid(asset.coupon, epochMs);
  }
}

/**
 * @param asset - the asset
 * @param epochMs - the transaction time
 * @throws CouponExpiredError or ConflictError for a coupon class outside its validity window
 */
export function requireAssetValid(asset: Asset, epochMs: number): void {
  if (asset.coupon !== null) {
    requireValid(asset.coupon, epochMs);
  }
}
