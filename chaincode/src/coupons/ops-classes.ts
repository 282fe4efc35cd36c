/**
 * Coupon classes and their supply: creation, issuing more, revoking unissued coupons, and
 * sending coupons to holders.
 *
 * @packageDocumentation
 */
import { COUPONS } from '@loulan/protocol';
import type { Context } from 'fabric-contract-api';

import { MAX_FEN_ARGUMENT, parseInteger, parseText, safeAdd } from '../ledger/args';
import { AlreadyExistsError, ForbiddenError, InsufficientCouponsError, InvalidArgumentError } from '../ledger/errors';
import { executeWrite } from '../ledger/execute';
import { requireKeyPart } from '../ledger/keys';
import { isoMillis, parseInstant } from '../ledger/time';
import { requireClass, requireIssuer, requireRegisteredMerchant, requireValid } from './common';
import { CouponLedger, PROGRAM_ASSET_PREFIX } from './holdings';
import type { CouponClass } from './records';
import { alliances, classes } from './repository';
import { parseAcceptanceArg, parseFlag, validityAt } from './rules';

/** Most coupons one argument may carry. */
export const MAX_COUPONS_ARGUMENT = 100_000_000;

/**
 * CreateClass: a registered merchant creates a coupon class it issues.
 *
 * @param ctx - transaction context
 * @param requestId - business id
 * @param classId - the new class's id
 * @param name - display name
 * @param faceValueFen - face value of one coupon
 * @param quantity - the class's supply
 * @param validFrom - start of the validity window, ISO 8601
 * @param validUntil - end of the validity window, ISO 8601
 * @param minSpendFen - smallest purchase a coupon applies to
 * @param acceptance - JSON: which merchants accept the class besides its issuer
 * @param rebateBps - share of the face value the issuer pays an accepting merchant
 * @param transferable - `true` or `false`
 * @param resellable - `true` or `false`
 * @returns the CouponClass as JSON
 */
export async function createClass(
  ctx: Context,
  requestId: string,
  classId: string,
  name: string,
  faceValueFen: string,
  quantity: string,
  validFrom: string,
  validUntil: string,
  minSpendFen: string,
  acceptance: string,
  rebateBps: string,
  transferable: string,
  resellable: string,
): Promise<string> {
  const args = [classId, name, faceValueFen, quantity, validFrom, validUntil, minSpendFen, acceptance, rebateBps, transferable, resellable];
  const spec = { tx: COUPONS.transactions.CreateClass, requestId, args };
  return executeWrite(ctx, spec, async ({ stub, caller, txId, time }) => {
    const id = requireKeyPart(classId, 'classId');
    if (id.startsWith(PROGRAM_ASSET_PREFIX)) {
      throw new InvalidArgumentError(`a class id may not start with ${PROGRAM_ASSET_PREFIX}, which names point programs`, {
        field: 'classId',
      });
    }
    const from = parseInstant(validFrom, 'validFrom');
    const until = parseInstant(validUntil, 'validUntil');
    if (until <= from) {
      throw new InvalidArgumentError('validUntil must be after validFrom', { field: 'validUntil' });
    }
    const accepted = parseAcceptanceArg(acceptance);
    const coupon: CouponClass = {
      classId: id,
      issuer: caller.account,
      name: parseText(name, 'name', 128),
      faceValueFen: parseInteger(faceValueFen, 'faceValueFen', 1, MAX_FEN_ARGUMENT),
      supply: parseInteger(quantity, 'quantity', 1, MAX_COUPONS_ARGUMENT),
      allocated: 0,
      revoked: 0,
      validFrom: isoMillis(from),
      validUntil: isoMillis(until),
      minSpendFen: parseInteger(minSpendFen, 'minSpendFen', 0, MAX_FEN_ARGUMENT),
      acceptance: accepted,
      rebateBps: parseInteger(rebateBps, 'rebateBps', 0, 10_000),
      transferable: parseFlag(transferable, 'transferable'),
      resellable: parseFlag(resellable, 'resellable'),
      createdAt: time,
      txId,
    };
    await requireRegisteredMerchant(stub, caller.account);
    if (accepted.kind === 'alliance') {
      const alliance = await alliances.read(stub, accepted.allianceId);
      if (alliance === undefined || !alliance.members.includes(caller.account)) {
        throw new ForbiddenError('a class accepted alliance-wide needs an issuer that is a member', {
          allianceId: accepted.allianceId,
        });
      }
    }
    if ((await classes.read(stub, id)) !== undefined) {
      throw new AlreadyExistsError(`coupon class ${id} exists already`, { classId: id });
    }
    await classes.write(stub, coupon, id);
    return coupon;
  });
}

/**
 * IssueMore (issuer): raises the number of coupons the class may have.
 *
 * @returns the CouponClass as JSON
 */
export async function issueMore(ctx: Context, requestId: string, classId: string, quantity: string): Promise<string> {
  const spec = { tx: COUPONS.transactions.IssueMore, requestId, args: [classId, quantity] };
  return executeWrite(ctx, spec, async ({ stub, caller }) => {
    const coupon = await requireClass(stub, classId);
    requireIssuer(coupon, caller);
    const updated = { ...coupon, supply: safeAdd(coupon.supply, parseInteger(quantity, 'quantity', 1, MAX_COUPONS_ARGUMENT)) };
    await classes.write(stub, updated, coupon.classId);
    return updated;
  });
}

/**
 * RevokeUnissued (issuer): lowers the supply by coupons nobody holds or can claim yet.
 *
 * @returns the CouponClass as JSON
 */
export async function revokeUnissued(ctx: Context, requestId: string, classId: string, quantity: string): Promise<string> {
  const spec = { tx: COUPONS.transactions.RevokeUnissued, requestId, args: [classId, quantity] };
  return executeWrite(ctx, spec, async ({ stub, caller }) => {
    const coupon = await requireClass(stub, classId);
    requireIssuer(coupon, caller);
    const amount = parseInteger(quantity, 'quantity', 1, MAX_COUPONS_ARGUMENT);
    requireUnissued(coupon, amount);
    const updated = { ...coupon, supply: coupon.supply - amount, revoked: safeAdd(coupon.revoked, amount) };
    await classes.write(stub, updated, coupon.classId);
    return updated;
  });
}

/**
 * SendCoupons (issuer): coupons from the unissued pool to a holder.
 *
 * @returns `{requestId, classId, from, to, quantity, unissued, txId, time}` as JSON
 */
export async function sendCoupons(ctx: Context, requestId: string, classId: string, toAccount: string, quantity: string): Promise<string> {
  const spec = { tx: COUPONS.transactions.SendCoupons, requestId, args: [classId, toAccount, quantity] };
  return executeWrite(ctx, spec, async ({ stub, caller, requestId: id, txId, time, timeMs }) => {
    const coupon = await requireClass(stub, classId);
    requireIssuer(coupon, caller);
    const to = requireHolder(toAccount, coupon.issuer);
    const amount = parseInteger(quantity, 'quantity', 1, MAX_COUPONS_ARGUMENT);
    requireNotExpired(coupon, timeMs);
    requireUnissued(coupon, amount);
    const updated = { ...coupon, allocated: coupon.allocated + amount };
    await classes.write(stub, updated, coupon.classId);
    await new CouponLedger(stub).credit(coupon.classId, to, amount);
    const unissued = updated.supply - updated.allocated;
    return { requestId: id, classId: coupon.classId, from: caller.account, to, quantity: amount, unissued, txId, time };
  });
}

/**
 * TransferCoupons: the caller gives coupons of a transferable class to another account.
 *
 * @returns `{requestId, classId, from, to, quantity, txId, time}` as JSON
 */
export async function transferCoupons(
  ctx: Context,
  requestId: string,
  classId: string,
  toAccount: string,
  quantity: string,
): Promise<string> {
  const spec = { tx: COUPONS.transactions.TransferCoupons, requestId, args: [classId, toAccount, quantity] };
  return executeWrite(ctx, spec, async ({ stub, caller, requestId: id, txId, time, timeMs }) => {
    const coupon = await requireClass(stub, classId);
    const to = requireHolder(toAccount, caller.account);
    const amount = parseInteger(quantity, 'quantity', 1, MAX_COUPONS_ARGUMENT);
    if (!coupon.transferable) {
      throw new ForbiddenError(`coupons of ${coupon.classId} are not transferable`, { classId: coupon.classId });
    }
    requireNotExpired(coupon, timeMs);
    await new CouponLedger(stub).move(coupon.classId, caller.account, to, amount);
    return { requestId: id, classId: coupon.classId, from: caller.account, to, quantity: amount, txId, time };
  });
}

/**
 * @param coupon - the class
 * @param quantity - coupons to take from the unissued pool
 * @throws InsufficientCouponsError when the pool holds fewer
 */
export function requireUnissued(coupon: CouponClass, quantity: number): void {
  const unissued = coupon.supply - coupon.allocated;
  if (unissued < quantity) {
    throw new InsufficientCouponsError(`class ${coupon.classId} has ${unissued} unissued coupons`, {
      classId: coupon.classId,
      needed: quantity,
      available: unissued,
    });
  }
}

/**
 * Coupons may be handed out before the window opens, but never after it closed.
 *
 * @throws CouponExpiredError after the window
 */
export function requireNotExpired(coupon: CouponClass, timeMs: number): void {
  if (validityAt(coupon, timeMs) === 'EXPIRED') {
    requireValid(coupon, timeMs);
  }
}

/**
 * @param value - the receiving account as received
 * @param sender - the sending account, which may not receive
 * @returns the checked account
 */
export function requireHolder(value: string, sender: string): string {
  const to = requireKeyPart(value, 'toAccount');
  if (to === sender || to === 'treasury') {
    throw new InvalidArgumentError('toAccount must be another account than the sender and not the treasury', { field: 'toAccount' });
  }
  return to;
}
