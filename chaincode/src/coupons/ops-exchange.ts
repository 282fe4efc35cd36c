/**
 * The exchange order book: holders post "give at most X of one asset, want exactly Y of
 * another" (coupon classes, or point programs as `program:<programId>`) with what they give
 * escrowed; a matcher off the ledger proposes rings of 2 to
 * 4 orders, and ExecuteMatch re-checks every order and moves every coupon of the ring in one
 * transaction, or nothing.
 *
 * @packageDocumentation
 */
import { COUPONS } from '@loulan/protocol';
import type { Context } from 'fabric-contract-api';

import { decodeJson, MAX_FEN_ARGUMENT, parseInteger, safeAdd } from '../ledger/args';
import { AlreadyExistsError, ConflictError, ForbiddenError, InvalidArgumentError } from '../ledger/errors';
import { executeWrite } from '../ledger/execute';
import { requireKeyPart } from '../ledger/keys';
import { mulAtMost, safeMul } from '../ledger/money';
import type { Stub } from '../ledger/stub';
import { type Asset, requireAsset, requireAssetNotExpired, requireAssetValid } from './assets';
import { type CouponEscrow, CouponLedger } from './holdings';
import { MAX_COUPONS_ARGUMENT } from './ops-classes';
import type { ExchangeOrder } from './records-trade';
import { orders, setOrderOpen } from './repository';
import { checkRing, MAX_RING } from './rules';

/**
 * PlaceOrder: the caller offers coupons of a transferable class or points of a program for
 * another asset; what it offers is escrowed until the order is filled or cancelled.
 *
 * @returns the ExchangeOrder as JSON
 */
export async function placeOrder(
  ctx: Context,
  requestId: string,
  orderId: string,
  giveClassId: string,
  giveQuantity: string,
  wantClassId: string,
  wantQuantity: string,
): Promise<string> {
  const args = [orderId, giveClassId, giveQuantity, wantClassId, wantQuantity];
  const spec = { tx: COUPONS.transactions.PlaceOrder, requestId, args };
  return executeWrite(ctx, spec, async ({ stub, caller, time, timeMs }) => {
    const id = requireKeyPart(orderId, 'orderId');
    const give = await requireAsset(stub, giveClassId, 'giveClassId');
    const want = await requireAsset(stub, wantClassId, 'wantClassId');
    if (give.assetId === want.assetId) {
      throw new InvalidArgumentError('an order must want another class than it gives', { field: 'wantClassId' });
    }
    const order: ExchangeOrder = {
      orderId: id,
      owner: caller.account,
      giveClassId: give.assetId,
      giveQuantity: parseInteger(giveQuantity, 'giveQuantity', 1, MAX_COUPONS_ARGUMENT),
      wantClassId: want.assetId,
      wantQuantity: parseInteger(wantQuantity, 'wantQuantity', 1, MAX_COUPONS_ARGUMENT),
      status: 'OPEN',
      createdAt: time,
      updatedAt: time,
      matchTxId: null,
    };
    // 10^8 units of up to 10^12 fen each could pass 2^53; bounding what one order offers keeps
    // a ring's value difference (at most 4 such surpluses) exact on the ledger and in the matcher.
    if (mulAtMost(order.giveQuantity, give.unitValueFen, MAX_FEN_ARGUMENT) === undefined) {
      throw new InvalidArgumentError(`an order may offer at most ${MAX_FEN_ARGUMENT} fen of value`, {
        field: 'giveQuantity',
        unitValueFen: give.unitValueFen,
      });
    }
    requireAssetNotExpired(give, timeMs);
    requireAssetNotExpired(want, timeMs);
    if ((await orders.read(stub, id)) !== undefined) {
      throw new AlreadyExistsError(`exchange order ${id} exists already`, { orderId: id });
    }
    await new CouponLedger(stub).lock(caller.account, escrowOf(order), order.giveQuantity);
    await orders.write(stub, order, id);
    await setOrderOpen(stub, id, true);
    return order;
  });
}

/**
 * CancelOrder (owner): withdraws an open order; its escrow returns to the owner.
 *
 * @returns the ExchangeOrder as JSON
 */
export async function cancelOrder(ctx: Context, requestId: string, orderId: string): Promise<string> {
  const spec = { tx: COUPONS.transactions.CancelOrder, requestId, args: [orderId] };
  return executeWrite(ctx, spec, async ({ stub, caller, time }) => {
    const order = await requireOrder(stub, orderId);
    if (order.owner !== caller.account) {
      throw new ForbiddenError('only the owner may cancel an order', { orderId: order.orderId });
    }
    if (order.status !== 'OPEN') {
      throw new ConflictError(`order ${order.orderId} is ${order.status}`, { orderId: order.orderId, status: order.status });
    }
    await new CouponLedger(stub).release(escrowOf(order), order.owner, order.giveQuantity);
    const cancelled: ExchangeOrder = { ...order, status: 'CANCELLED', updatedAt: time };
    await orders.write(stub, cancelled, order.orderId);
    await setOrderOpen(stub, order.orderId, false);
    return cancelled;
  });
}

/**
 * ExecuteMatch (any account holder, typically the gateway's matcher): order i gives to
 * order i+1, the last to the first. Every receiver gets exactly what it wants; what a giver
 * offered beyond that returns to it. Any failed check fails the whole transaction.
 *
 * @param orderIds - JSON array of 2 to 4 order ids, in ring order
 * @returns `{requestId, orderIds, legs:[{orderId, owner, classId, delivered, surplus, to}], valueDifferenceFen, txId, time}` as JSON
 */
export async function executeMatch(ctx: Context, requestId: string, orderIds: string): Promise<string> {
  const spec = { tx: COUPONS.transactions.ExecuteMatch, requestId, args: [orderIds] };
  return executeWrite(ctx, spec, async ({ stub, requestId: id, txId, time, timeMs }) => {
    const ring: ExchangeOrder[] = [];
    for (const orderId of parseOrderIds(orderIds)) {
      ring.push(await requireOrder(stub, orderId));
    }
    const legs = checkRing(ring);
    if (typeof legs === 'string') {
      throw new ConflictError(`the match is not executable: ${legs}`, { orderIds: ring.map((o) => o.orderId).join(',') });
    }
    const assets = new Map<string, Asset>();
    for (const order of ring) {
      const asset = assets.get(order.giveClassId) ?? (await requireAsset(stub, order.giveClassId, 'orderIds'));
      assets.set(asset.assetId, asset);
      requireAssetValid(asset, timeMs);
    }
    const ledger = new CouponLedger(stub);
    let valueDifferenceFen = 0;
    for (const leg of legs) {
      await ledger.release(escrowOf(leg.order), leg.receiver.owner, leg.delivered);
      if (leg.surplus > 0) {
        await ledger.release(escrowOf(leg.order), leg.order.owner, leg.surplus);
      }
      const surplusFen = safeMul(leg.surplus, assets.get(leg.order.giveClassId)?.unitValueFen ?? 0);
      valueDifferenceFen = safeAdd(valueDifferenceFen, surplusFen);
      await orders.write(stub, { ...leg.order, status: 'FILLED', updatedAt: time, matchTxId: txId }, leg.order.orderId);
      await setOrderOpen(stub, leg.order.orderId, false);
    }
    return {
      requestId: id,
      orderIds: ring.map((o) => o.orderId),
      legs: legs.map((leg) => ({
        orderId: leg.order.orderId,
        owner: leg.order.owner,
        classId: leg.order.giveClassId,
        delivered: leg.delivered,
        surplus: leg.surplus,
        to: leg.receiver.owner,
      })),
      valueDifferenceFen,
      txId,
      time,
    };
  });
}

/**
 * @param stub - normally `ctx.stub`
 * @param orderId - the argument as received
 * @returns the order
 * @throws NotFoundError when it does not exist
 */
export async function requireOrder(stub: Stub, orderId: string): Promise<ExchangeOrder> {
  return orders.require(stub, 'orderId', orderId);
}

function escrowOf(order: ExchangeOrder): CouponEscrow {
  return { classId: order.giveClassId, kind: 'order', ids: [order.orderId] };
}

function parseOrderIds(json: string): string[] {
  const value = decodeJson(json);
  if (!Array.isArray(value) || value.length < 2 || value.length > MAX_RING) {
    throw new InvalidArgumentError(`orderIds must be a JSON array of 2 to ${MAX_RING} order ids`, { field: 'orderIds' });
  }
  const items: unknown[] = value;
  return items.map((item) => requireKeyPart(item, 'orderIds'));
}
