/**
 * Recording one purchase at a merchant, the one code path of RecordPurchase and of every line of
 * RecordPurchases (./ops-purchase.ts, ./ops-purchase-batch.ts): the arguments' checks, the frame
 * a transaction's purchases share, and {@link recordOnePurchase}.
 *
 * @packageDocumentation
 */
import { POINTS, TREASURY_ACCOUNT } from '@loulan/protocol';

import { type AccountRecord, consumerOpening, writeAccount } from '../ledger/accounts';
import { MAX_FEN_ARGUMENT, parseInteger } from '../ledger/args';
import { ForbiddenError, InvalidArgumentError } from '../ledger/errors';
import type { WriteScope, WriteSpec } from '../ledger/execute';
import { requireKeyPart } from '../ledger/keys';
import { creditLane, LANE_COUNT } from '../ledger/lanes';
import { ownWrites } from '../ledger/own-writes';
import { checkOccurredAt } from '../ledger/platform';
import type { Stub } from '../ledger/stub';
import { DAY_MS, isoMillis, monthsCovering, parseInstant, shanghaiMonth } from '../ledger/time';
import { type Activity, activityMultiplierBps, earnedPoints, trailingActivity } from './earn';
import type { ParamsDocument } from './params';
import { merchants, orders, readActivity, readParams, rewards, sales, writeActivity } from './repository';
import { attributeSalesMonth } from './reward';
import { addSaleTotals } from './sales';

/** A purchase as asked: the identifying arguments of RecordPurchase, as received. */
export type PurchaseArgs = {
  readonly orderId: string;
  readonly consumer: string;
  readonly amountFen: string;
  /** ISO 8601, or `""` for the transaction time. */
  readonly occurredAt: string;
};

/** A purchase whose arguments passed their checks. */
export type PurchaseLine = {
  /** The checked order id, the purchase's business id. */
  readonly orderId: string;
  readonly consumerId: string;
  readonly amountFen: number;
  readonly occurredAtMs: number;
  /**
   * Keeps the purchase's sale and activity rows apart from the other purchases of its
   * transaction: the transaction id, with the line's index appended in a batch.
   */
  readonly rowId: string;
};

/** What RecordPurchase answers, and a batch reports for each line it recorded. */
export type Purchase = {
  readonly orderId: string;
  readonly merchantId: string;
  readonly consumer: string;
  readonly amountFen: number;
  readonly occurredAt: string;
  readonly salesMonth: string;
  readonly activityCount: number;
  readonly activityAmountFen: number;
  readonly multiplierBps: number;
  readonly pointsEarned: number;
  readonly txId: string;
  readonly time: string;
};

/** A purchase as the activity of later ones counts it. */
type TimedAmount = { readonly occurredAtMs: number; readonly amountFen: number };

/** What the purchases of one transaction share, checked and read once before the first of them. */
export type PurchaseFrame = {
  readonly scope: WriteScope;
  /**
   * The transaction's stub with its own writes visible (ledger/own-writes.ts), so that two
   * purchases of a batch add to the same totals; balances go through `scope.book`, which keeps
   * its own record of what it wrote.
   */
  readonly view: Stub;
  /** The merchant's lane every purchase is paid from. */
  readonly lane: number;
  readonly params: ParamsDocument;
  /** The purchases recorded so far in this transaction, by consumer: the activity range reads cannot see them. */
  readonly recorded: Map<string, TimedAmount[]>;
};

/**
 * The request a purchase is, whether sent alone or as a line of a batch: a line claims its
 * order id with the fingerprint of this spec, so that the order is recorded once either way.
 *
 * @param args - the purchase as asked
 * @returns RecordPurchase's spec of it
 */
export function purchaseSpec(args: PurchaseArgs): WriteSpec {
  return { tx: POINTS.transactions.RecordPurchase, requestId: args.orderId, args: [args.consumer, args.amountFen, args.occurredAt] };
}

/**
 * Checks a purchase's own arguments (those of the batch or transaction come from
 * {@link openPurchaseFrame}).
 *
 * @param args - the purchase as asked, its order id checked
 * @param scope - the running write
 * @param rowId - see {@link PurchaseLine.rowId}
 * @returns the checked purchase
 * @throws InvalidArgumentError when an argument is not allowed
 */
export function checkPurchase(args: PurchaseArgs, scope: WriteScope, rowId: string): PurchaseLine {
  const consumerId = requireCustomer(args.consumer, 'consumer', scope.caller.account);
  const amount = parseInteger(args.amountFen, 'amountFen', 1, MAX_FEN_ARGUMENT);
  const occurredAtMs = args.occurredAt === '' ? scope.timeMs : parseInstant(args.occurredAt, 'occurredAt');
  return { orderId: args.orderId, consumerId, amountFen: amount, occurredAtMs, rowId };
}

/**
 * Checks the caller and lane of a transaction recording purchases and reads the parameters,
 * once for all of its purchases.
 *
 * @param scope - the running write
 * @param lane - the merchant's lane, as received
 * @returns the frame
 * @throws InvalidArgumentError when the lane is not 0-63
 * @throws ForbiddenError when the caller is not a registered merchant
 */
export async function openPurchaseFrame(scope: WriteScope, lane: string): Promise<PurchaseFrame> {
  const merchantLane = parseLane(lane);
  const merchantId = scope.caller.account;
  if ((await merchants.read(scope.stub, merchantId)) === undefined) {
    throw new ForbiddenError('only a registered merchant may record purchases', { merchantId });
  }
  const params = await readParams(scope.stub);
  return { scope, view: ownWrites(scope.stub), lane: merchantLane, params, recorded: new Map() };
}

/**
 * Records one purchase: the consumer earns points from the merchant, and the sale, the order and
 * the consumer's activity are written. Every check and read comes before the first write, and
 * the first write is the points book's transfer, which refuses a short merchant before it writes:
 * a purchase refused by a rule writes nothing, so a batch can go on with its next line.
 *
 * @param frame - from {@link openPurchaseFrame}
 * @param line - the checked purchase
 * @returns the Purchase
 * @throws LedgerError when a rule refuses the purchase (occurred-at window, consumer of another
 *   role, merchant short of points, a cut activity read)
 */
export async function recordOnePurchase(frame: PurchaseFrame, line: PurchaseLine): Promise<Purchase> {
  const { scope, view, params } = frame;
  const { txId, time, timeMs } = scope;
  const merchantId = scope.caller.account;
  checkOccurredAt(line.occurredAtMs, timeMs, params.maxBackdateDays);
  const activity = await activityBefore(frame, line.consumerId, line.occurredAtMs);
  const multiplierBps = activityMultiplierBps(params.activityTiers, activity);
  const pointsEarned = earnedPoints(line.amountFen, params.basePointsPerYuan, multiplierBps);
  const salesMonth = await salesMonthOf(view, merchantId, line.occurredAtMs, timeMs);
  const opening = await consumerOpening(view, line.consumerId, { openedBy: `purchase:${merchantId}`, openedAt: time, txId });

  await payEarned(frame, line, pointsEarned, opening);
  const occurredAt = isoMillis(line.occurredAtMs);
  const { orderId, consumerId, amountFen } = line;
  await sales.write(view, { orderId, consumer: consumerId, amountFen, occurredAt, txId }, merchantId, salesMonth, line.rowId);
  await addSaleTotals(view, merchantId, salesMonth, frame.lane, amountFen, line.occurredAtMs);
  await orders.write(view, { merchantId, orderId, consumer: consumerId, amountFen, occurredAt, txId }, merchantId, orderId);
  await writeActivity(view, consumerId, shanghaiMonth(line.occurredAtMs), occurredAt, amountFen, line.rowId);
  frame.recorded.set(consumerId, [...(frame.recorded.get(consumerId) ?? []), { occurredAtMs: line.occurredAtMs, amountFen }]);
  const { count: activityCount, amountFen: activityAmountFen } = activity;
  return {
    orderId,
    merchantId,
    consumer: consumerId,
    amountFen,
    occurredAt,
    salesMonth,
    activityCount,
    activityAmountFen,
    multiplierBps,
    pointsEarned,
    txId,
    time,
  };
}

/**
 * Pays the points a purchase earned, and opens the consumer's account when it is new. The
 * transfer is the purchase's first write and refuses a short merchant before it writes, so the
 * entry is written after it (a refused purchase opens no account) and the book is told of the
 * account before it, as the transfer's credit could not read the entry. When the transfer
 * refuses, the book still holds the account as opened; no later purchase of the transaction
 * relies on that, as each one crediting an account without an entry writes the entry itself.
 */
async function payEarned(frame: PurchaseFrame, line: PurchaseLine, points: number, opening: AccountRecord | undefined): Promise<void> {
  const { book, txId, caller } = frame.scope;
  if (opening !== undefined) {
    book.opened(line.consumerId);
  }
  if (points > 0) {
    await book.transfer({
      from: caller.account,
      fromLane: frame.lane,
      to: line.consumerId,
      toTarget: creditLane(txId),
      points,
      kind: 'PURCHASE_EARN',
      requestId: line.orderId,
      reference: line.orderId,
    });
  }
  if (opening !== undefined) {
    await writeAccount(frame.view, opening);
  }
}

/**
 * The consumer's purchases in the activity window before a purchase. The range reads answer
 * committed state, with a count read from committed state too (not through the frame's view),
 * and the purchases this transaction recorded so far are added from the frame.
 */
async function activityBefore(frame: PurchaseFrame, consumerId: string, occurredAtMs: number): Promise<Activity> {
  const windowDays = frame.params.activityWindowDays;
  const months = monthsCovering(occurredAtMs - windowDays * DAY_MS, occurredAtMs);
  const committed = await readActivity(frame.scope.stub, consumerId, months);
  return trailingActivity([...committed, ...(frame.recorded.get(consumerId) ?? [])], occurredAtMs, windowDays);
}

/**
 * Checks the account on the other side of a purchase: a valid id, not the caller itself
 * (a movement needs two different accounts) and not the treasury.
 *
 * @param value - the account as received
 * @param field - argument name reported in the error
 * @param caller - the caller's account
 * @returns the checked account
 * @throws InvalidArgumentError when it is not allowed
 */
export function requireCustomer(value: string, field: string, caller: string): string {
  const account = requireKeyPart(value, field);
  if (account === caller || account === TREASURY_ACCOUNT) {
    throw new InvalidArgumentError(`${field} must be another account than the caller's and not the treasury`, { field });
  }
  return account;
}

/**
 * @param value - a lane argument as received
 * @returns the lane, 0-63
 * @throws InvalidArgumentError otherwise
 */
export function parseLane(value: string): number {
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
