/**
 * Daily clearing of rebate payables between merchants: per Asia/Shanghai day and merchant
 * pair, the payables are netted into one statement, once, from the next day on.
 *
 * @packageDocumentation
 */
import { COUPONS } from '@loulan/protocol';
import type { Context } from 'fabric-contract-api';

import { nextDay, parseDay, shanghaiDay, startOfDay } from '../ledger/day';
import { AlreadyExistsError, ConflictError, ForbiddenError, InvalidArgumentError } from '../ledger/errors';
import { executeWrite } from '../ledger/execute';
import { requireKeyPart } from '../ledger/keys';
import type { Stub } from '../ledger/stub';
import { DAY_MS } from '../ledger/time';
import type { Clearing } from './records';
import { clearings, sumPayables } from './repository';
import { merchantPair, netOwed } from './rules';

/**
 * The day a payable is cleared on: the day of its occurred-at, or, when that day is already
 * cleared for the pair, the first later day that is not (the next period's adjustment).
 *
 * @param stub - normally `ctx.stub`
 * @param occurredAtMs - when the redemption happened
 * @param pair - the two merchants, sorted
 * @returns `yyyy-mm-dd`
 */
export async function payableDay(stub: Stub, occurredAtMs: number, pair: readonly [string, string]): Promise<string> {
  let day = shanghaiDay(occurredAtMs);
  // Bounded: a day can only be cleared once it is over, and occurredAt lies at most
  // maxBackdateDays back, so this passes a handful of days at most.
  while ((await clearings.read(stub, day, pair[0], pair[1])) !== undefined) {
    day = nextDay(day);
  }
  return day;
}

/**
 * Checks the arguments naming a clearing, as ClearDay and GetClearing take them.
 *
 * @param day - the clearing day as received
 * @param merchantA - one merchant as received
 * @param merchantB - the other merchant as received
 * @returns the checked day and the two merchants, sorted
 * @throws InvalidArgumentError for a bad day or id, or one merchant named twice
 */
export function clearingOf(day: string, merchantA: string, merchantB: string): { checkedDay: string; pair: [string, string] } {
  const checkedDay = parseDay(day, 'day');
  const a = requireKeyPart(merchantA, 'merchantA');
  const b = requireKeyPart(merchantB, 'merchantB');
  if (a === b) {
    throw new InvalidArgumentError('a clearing needs two different merchants', { field: 'merchantB' });
  }
  return { checkedDay, pair: merchantPair(a, b) };
}

/**
 * ClearDay (admin or either merchant of the pair): nets the pair's payables of a finished day.
 *
 * @returns the Clearing as JSON
 */
export async function clearDay(ctx: Context, requestId: string, day: string, merchantA: string, merchantB: string): Promise<string> {
  const spec = { tx: COUPONS.transactions.ClearDay, requestId, args: [day, merchantA, merchantB] };
  return executeWrite(ctx, spec, async ({ stub, caller, requestId: id, txId, time, timeMs }) => {
    const { checkedDay, pair } = clearingOf(day, merchantA, merchantB);
    if (caller.role !== 'admin' && !pair.includes(caller.account)) {
      throw new ForbiddenError('only a platform admin or a merchant of the pair may clear it', { role: caller.role });
    }
    const clearableFrom = startOfDay(checkedDay) + DAY_MS;
    if (timeMs < clearableFrom) {
      throw new ConflictError(`day ${checkedDay} can be cleared from ${new Date(clearableFrom).toISOString()}`, { day: checkedDay });
    }
    if ((await clearings.read(stub, checkedDay, pair[0], pair[1])) !== undefined) {
      throw new AlreadyExistsError(`day ${checkedDay} is already cleared for the pair`, {
        day: checkedDay,
        merchantA: pair[0],
        merchantB: pair[1],
      });
    }
    // The running totals, not the payable rows: those can be more than one range read returns.
    const totals = await sumPayables(stub, checkedDay, pair);
    const clearing: Clearing = {
      requestId: id,
      day: checkedDay,
      merchantA: pair[0],
      merchantB: pair[1],
      payables: totals.payables,
      ...netOwed(pair, totals.aOwesBFen, totals.bOwesAFen),
      txId,
      time,
    };
    await clearings.write(stub, clearing, checkedDay, pair[0], pair[1]);
    return clearing;
  });
}
