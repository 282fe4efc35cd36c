/**
 * Purchases at a merchant: earning points on a recorded purchase (recorded by ./purchase.ts,
 * as each line of a batch is, ./ops-purchase-batch.ts), and paying part of a purchase with points.
 *
 * @packageDocumentation
 */
import { POINTS } from '@loulan/protocol';
import type { Context } from 'fabric-contract-api';

import { MAX_POINTS_ARGUMENT, parseInteger } from '../ledger/args';
import { AlreadyExistsError, RedemptionCapExceededError } from '../ledger/errors';
import { executeWrite } from '../ledger/execute';
import { requireKeyPart } from '../ledger/keys';
import { DEFAULT_DEBIT_LANE } from '../ledger/lanes';
import { mulAtMost } from '../ledger/money';
import { redemptionCapFen } from './earn';
import { checkPurchase, openPurchaseFrame, parseLane, purchaseSpec, recordOnePurchase, requireCustomer } from './purchase';
import type { Redemption } from './records';
import { merchants, readParams, redemptions, requireOrderOf } from './repository';

/**
 * RecordPurchase: a registered merchant records a purchase; the consumer earns points from
 * the merchant's balance, taken from the given lane. The order id is the business id.
 *
 * @param ctx - transaction context
 * @param orderId - the merchant's order id
 * @param consumer - the consumer's account
 * @param amountFen - purchase amount
 * @param occurredAt - ISO 8601 time of the sale, or `""` for the transaction time (a sale
 *   recorded as it happens); the empty text is what a retry repeats, so it is the same request
 * @param lane - the merchant's lane, 0-63, not part of the request's identity
 * @returns the Purchase as JSON
 */
export async function recordPurchase(
  ctx: Context,
  orderId: string,
  consumer: string,
  amountFen: string,
  occurredAt: string,
  lane: string,
): Promise<string> {
  const args = { orderId, consumer, amountFen, occurredAt };
  return executeWrite(ctx, purchaseSpec(args), async (scope) => {
    const line = checkPurchase({ ...args, orderId: scope.requestId }, scope, scope.txId);
    return recordOnePurchase(await openPurchaseFrame(scope, lane), line);
  });
}

/**
 * RedeemPoints: a consumer pays points towards a merchant's order; the points go to the
 * merchant, credited to the given lane. The order is the one the merchant recorded with
 * RecordPurchase and must name the caller; the cap comes from the merchant's amount.
 *
 * @param ctx - transaction context
 * @param requestId - business id
 * @param merchantId - the merchant
 * @param orderId - the merchant's order id
 * @param points - points to pay
 * @param lane - the merchant's lane, 0-63, not part of the request's identity
 * @returns the Redemption as JSON
 */
export async function redeemPoints(
  ctx: Context,
  requestId: string,
  merchantId: string,
  orderId: string,
  points: string,
  lane: string,
): Promise<string> {
  const spec = { tx: POINTS.transactions.RedeemPoints, requestId, args: [merchantId, orderId, points] };
  return executeWrite(ctx, spec, async ({ stub, caller, book, requestId: id, txId, time }) => {
    const merchant = requireCustomer(merchantId, 'merchantId', caller.account);
    const order = requireKeyPart(orderId, 'orderId');
    const redeemed = parseInteger(points, 'points', 1, MAX_POINTS_ARGUMENT);
    const merchantLane = parseLane(lane);
    await merchants.require(stub, 'merchantId', merchant);
    const amount = (await requireOrderOf(stub, merchant, order, caller.account)).amountFen;
    const params = await readParams(stub);
    // Up to 10^12 points × 10^4 fen can pass 2^53; such a value is far above any cap.
    const valueFen = mulAtMost(redeemed, params.pointValueFen, Number.MAX_SAFE_INTEGER);
    const capFen = redemptionCapFen(amount, params.redemptionCapBps);
    if (valueFen === undefined || valueFen > capFen) {
      throw new RedemptionCapExceededError(`at most ${capFen} fen of this purchase may be paid with points`, {
        capFen,
        valueFen: valueFen ?? null,
      });
    }
    if ((await redemptions.read(stub, merchant, order)) !== undefined) {
      throw new AlreadyExistsError(`order ${order} at merchant ${merchant} has a redemption already`, {
        merchantId: merchant,
        orderId: order,
      });
    }
    await book.transfer({
      from: caller.account,
      fromLane: DEFAULT_DEBIT_LANE,
      to: merchant,
      toTarget: merchantLane,
      points: redeemed,
      kind: 'REDEMPTION',
      requestId: id,
      reference: order,
    });
    const redemption: Redemption = {
      requestId: id,
      merchantId: merchant,
      orderId: order,
      consumer: caller.account,
      amountFen: amount,
      points: redeemed,
      valueFen,
      txId,
      time,
    };
    await redemptions.write(stub, redemption, merchant, order);
    return redemption;
  });
}
