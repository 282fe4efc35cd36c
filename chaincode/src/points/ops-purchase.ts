/**
 * Purchases at a merchant: earning points on a recorded purchase, and paying part of a
 * purchase with points.
 *
 * @packageDocumentation
 */
import { POINTS, TREASURY_ACCOUNT } from '@loulan/protocol';
import type { Context } from 'fabric-contract-api';

import { openConsumerOnCredit } from '../ledger/accounts';
import { MAX_FEN_ARGUMENT, MAX_POINTS_ARGUMENT, parseInteger } from '../ledger/args';
import { AlreadyExistsError, ForbiddenError, InvalidArgumentError, RedemptionCapExceededError } from '../ledger/errors';
import { executeWrite } from '../ledger/execute';
import { requireKeyPart } from '../ledger/keys';
import { creditLane, DEFAULT_DEBIT_LANE, LANE_COUNT } from '../ledger/lanes';
import { mulAtMost } from '../ledger/money';
import { checkOccurredAt } from '../ledger/platform';
import type { Stub } from '../ledger/stub';
import { DAY_MS, isoMillis, monthsCovering, parseInstant, shanghaiMonth } from '../ledger/time';
import { activityMultiplierBps, earnedPoints, redemptionCapFen, trailingActivity } from './earn';
import type { Redemption } from './records';
import { merchants, orders, readActivity, readParams, redemptions, requireOrderOf, rewards, sales, writeActivity } from './repository';
import { attributeSalesMonth } from './reward';
import { addSaleTotals } from './sales';

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
  const spec = { tx: POINTS.transactions.RecordPurchase, requestId: orderId, args: [consumer, amountFen, occurredAt] };
  return executeWrite(ctx, spec, async ({ stub, caller, book, requestId, txId, time, timeMs }) => {
    const merchantId = caller.account;
    const consumerId = requireCustomer(consumer, 'consumer', merchantId);
    const amount = parseInteger(amountFen, 'amountFen', 1, MAX_FEN_ARGUMENT);
    const occurredAtMs = occurredAt === '' ? timeMs : parseInstant(occurredAt, 'occurredAt');
    const merchantLane = parseLane(lane);
    if ((await merchants.read(stub, merchantId)) === undefined) {
      throw new ForbiddenError('only a registered merchant may record purchases', { merchantId });
    }
    const params = await readParams(stub);
    checkOccurredAt(occurredAtMs, timeMs, params.maxBackdateDays);

    const windowStart = occurredAtMs - params.activityWindowDays * DAY_MS;
    const history = await readActivity(stub, consumerId, monthsCovering(windowStart, occurredAtMs));
    const activity = trailingActivity(history, occurredAtMs, params.activityWindowDays);
    const multiplierBps = activityMultiplierBps(params.activityTiers, activity);
    const pointsEarned = earnedPoints(amount, params.basePointsPerYuan, multiplierBps);
    const salesMonth = await salesMonthOf(stub, merchantId, occurredAtMs, timeMs);
    const occurredAtIso = isoMillis(occurredAtMs);

    if (await openConsumerOnCredit(stub, consumerId, { openedBy: `purchase:${merchantId}`, openedAt: time, txId })) {
      book.opened(consumerId);
    }
    if (pointsEarned > 0) {
      await book.transfer({
        from: merchantId,
        fromLane: merchantLane,
        to: consumerId,
        toTarget: creditLane(txId),
        points: pointsEarned,
        kind: 'PURCHASE_EARN',
        requestId,
        reference: requestId,
      });
    }
    const sale = { orderId: requestId, consumer: consumerId, amountFen: amount, occurredAt: occurredAtIso, txId };
    await sales.write(stub, sale, merchantId, salesMonth, txId);
    await addSaleTotals(stub, merchantId, salesMonth, merchantLane, amount, occurredAtMs);
    const order = { merchantId, orderId: requestId, consumer: consumerId, amountFen: amount, occurredAt: occurredAtIso, txId };
    await orders.write(stub, order, merchantId, requestId);
    await writeActivity(stub, consumerId, shanghaiMonth(occurredAtMs), occurredAtIso, amount);
    return {
      orderId: requestId,
      merchantId,
      consumer: consumerId,
      amountFen: amount,
      occurredAt: occurredAtIso,
      salesMonth,
      activityCount: activity.count,
      activityAmountFen: activity.amountFen,
      multiplierBps,
      pointsEarned,
      txId,
      time,
    };
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

/**
 * Checks the account on the other side of a purchase: a valid id, not the caller itself
 * (a movement needs two different accounts) and not the treasury.
 */
function requireCustomer(value: string, field: string, caller: string): string {
  const account = requireKeyPart(value, field);
  if (account === caller || account === TREASURY_ACCOUNT) {
    throw new InvalidArgumentError(`${field} must be another account than the caller's and not the treasury`, { field });
  }
  return account;
}

function parseLane(value: string): number {
  return parseInteger(value, 'lane', 0, LANE_COUNT - 1);
}

async function salesMonthOf(stub: Stub, merchantId: string, occurredAtMs: number, txTimeMs: number): Promise<string> {
  const candidates = monthsCovering(occurredAtMs, txTimeMs);
  const rewarded = new Set<string>();
  for (const month of candidates) {
    if ((await rewards.read(stub, merchantId, month)) !== undefined) {
      rewarded.add(month);
    } else {
      break;
    }
  }
  return attributeSalesMonth(candidates, rewarded);
}
