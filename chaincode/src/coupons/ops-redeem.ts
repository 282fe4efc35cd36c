/**
 * Redemption at checkout in two signed steps (docs/coupons.md, **Choice**): the holder
 * presents a coupon for an order the merchant recorded for that holder (RecordPurchase), which
 * moves it into a hold only that merchant can burn; the merchant then redeems it, naming the
 * coupon class it accepts, against the amount and time it recorded. A merchant can never take a
 * coupon the holder did not authorise for that very order, nobody but the order's consumer can
 * present for it, and no rebate is owed for a class the merchant did not confirm.
 *
 * @packageDocumentation
 */
import { COUPONS } from '@loulan/protocol';
import type { Context } from 'fabric-contract-api';

import { AlreadyExistsError, BelowMinimumSpendError, ConflictError, ForbiddenError, NotFoundError } from '../ledger/errors';
import { executeWrite } from '../ledger/execute';
import { requireKeyPart } from '../ledger/keys';
import { platform } from '../ledger/platform';
import type { Stub } from '../ledger/stub';
import { isoMillis } from '../ledger/time';
import { payableDay } from './clearing';
import { requireAccepted, requireClass, requireRegisteredMerchant, requireValid } from './common';
import { type CouponEscrow, CouponLedger } from './holdings';
import { requireNotExpired } from './ops-classes';
import type { CouponRedemption, Presentation } from './records';
import { presentations, redemptions, writeBurn, writePayable } from './repository';
import { merchantPair, rebateFen } from './rules';

/**
 * PresentCoupon: the holder authorises one coupon of a class for a merchant's order.
 *
 * @returns the Presentation as JSON
 */
export async function presentCoupon(
  ctx: Context,
  requestId: string,
  classId: string,
  merchantId: string,
  orderId: string,
): Promise<string> {
  const spec = { tx: COUPONS.transactions.PresentCoupon, requestId, args: [classId, merchantId, orderId] };
  return executeWrite(ctx, spec, async ({ stub, caller, txId, time, timeMs }) => {
    const coupon = await requireClass(stub, classId);
    const merchant = requireKeyPart(merchantId, 'merchantId');
    const order = requireKeyPart(orderId, 'orderId');
    if (merchant === caller.account) {
      throw new ForbiddenError('a merchant cannot present a coupon to itself', { merchantId: merchant });
    }
    requireNotExpired(coupon, timeMs);
    await requireRegisteredMerchant(stub, merchant);
    await requireAccepted(stub, coupon, merchant);
    await platform().requireOrderOf(stub, merchant, order, caller.account);
    if ((await presentations.read(stub, merchant, order)) !== undefined) {
      throw new AlreadyExistsError(`a coupon was already presented for order ${order}`, { merchantId: merchant, orderId: order });
    }
    await new CouponLedger(stub).lock(caller.account, holdOf(coupon.classId, merchant, order), 1);
    const presentation: Presentation = {
      merchantId: merchant,
      orderId: order,
      classId: coupon.classId,
      holder: caller.account,
      status: 'PRESENTED',
      presentedAt: time,
      txId,
    };
    await presentations.write(stub, presentation, merchant, order);
    return presentation;
  });
}

/**
 * WithdrawPresentation: the holder takes back a coupon the merchant has not redeemed.
 *
 * @returns the Presentation as JSON
 */
export async function withdrawPresentation(ctx: Context, requestId: string, merchantId: string, orderId: string): Promise<string> {
  const spec = { tx: COUPONS.transactions.WithdrawPresentation, requestId, args: [merchantId, orderId] };
  return executeWrite(ctx, spec, async ({ stub, caller }) => {
    const presented = await requirePresented(stub, merchantId, orderId);
    if (presented.holder !== caller.account) {
      throw new ForbiddenError('only the holder may withdraw a presented coupon', { orderId: presented.orderId });
    }
    await new CouponLedger(stub).release(holdOf(presented.classId, presented.merchantId, presented.orderId), caller.account, 1);
    const withdrawn: Presentation = { ...presented, status: 'WITHDRAWN' };
    await presentations.write(stub, withdrawn, presented.merchantId, presented.orderId);
    return withdrawn;
  });
}

/**
 * RedeemCoupon (merchant): burns the coupon presented for the order, once the merchant has
 * confirmed its class; checks the validity at the order's time, the acceptance and the minimum
 * spend against the order's amount; records the rebate payable to the issuer when the
 * merchant is not the issuer.
 *
 * @returns the CouponRedemption as JSON
 */
export async function redeemCoupon(ctx: Context, requestId: string, orderId: string, classId: string): Promise<string> {
  const spec = { tx: COUPONS.transactions.RedeemCoupon, requestId, args: [orderId, classId] };
  return executeWrite(ctx, spec, async ({ stub, caller, requestId: id, txId, time }) => {
    const merchant = caller.account;
    const presented = await requirePresented(stub, merchant, orderId);
    if (presented.classId !== requireKeyPart(classId, 'classId')) {
      throw new ConflictError(`the coupon presented for order ${presented.orderId} is of class ${presented.classId}`, {
        orderId: presented.orderId,
        presentedClassId: presented.classId,
      });
    }
    const order = await platform().requireOrderOf(stub, merchant, presented.orderId, presented.holder);
    const amount = order.amountFen;
    const occurredAtMs = Date.parse(order.occurredAt);
    const coupon = await requireClass(stub, presented.classId);
    requireValid(coupon, occurredAtMs);
    await requireAccepted(stub, coupon, merchant);
    if (amount < coupon.minSpendFen) {
      throw new BelowMinimumSpendError(`coupons of ${coupon.classId} need a purchase of at least ${coupon.minSpendFen} fen`, {
        classId: coupon.classId,
        minSpendFen: coupon.minSpendFen,
        amountFen: amount,
      });
    }
    await new CouponLedger(stub).release(holdOf(coupon.classId, merchant, presented.orderId), null, 1);
    await writeBurn(stub, coupon.classId, txId, 1);
    const rebate = merchant === coupon.issuer ? 0 : rebateFen(coupon.faceValueFen, coupon.rebateBps);
    const pair = merchantPair(merchant, coupon.issuer);
    const day = rebate > 0 ? await payableDay(stub, occurredAtMs, pair) : null;
    const occurredAtIso = isoMillis(occurredAtMs);
    if (day !== null) {
      const payable = {
        from: merchant,
        to: coupon.issuer,
        amountFen: rebate,
        classId: coupon.classId,
        orderId: presented.orderId,
        occurredAt: occurredAtIso,
      };
      await writePayable(stub, day, pair, txId, payable);
    }
    const redemption: CouponRedemption = {
      requestId: id,
      merchantId: merchant,
      orderId: presented.orderId,
      classId: coupon.classId,
      issuer: coupon.issuer,
      holder: presented.holder,
      amountFen: amount,
      faceValueFen: coupon.faceValueFen,
      payFen: Math.max(0, amount - coupon.faceValueFen),
      occurredAt: occurredAtIso,
      rebateFen: rebate,
      payableDay: day,
      txId,
      time,
    };
    await presentations.write(stub, { ...presented, status: 'REDEEMED' }, merchant, presented.orderId);
    await redemptions.write(stub, redemption, merchant, presented.orderId);
    return redemption;
  });
}

function holdOf(classId: string, merchantId: string, orderId: string): CouponEscrow {
  return { classId, kind: 'present', ids: [merchantId, orderId] };
}

async function requirePresented(stub: Stub, merchantId: string, orderId: string): Promise<Presentation> {
  const merchant = requireKeyPart(merchantId, 'merchantId');
  const order = requireKeyPart(orderId, 'orderId');
  const presented = await presentations.read(stub, merchant, order);
  if (presented === undefined) {
    throw new NotFoundError(`no coupon was presented for order ${order}`, { merchantId: merchant, orderId: order });
  }
  if (presented.status !== 'PRESENTED') {
    throw new ConflictError(`the coupon presented for order ${order} is ${presented.status}`, { orderId: order, status: presented.status });
  }
  return presented;
}
