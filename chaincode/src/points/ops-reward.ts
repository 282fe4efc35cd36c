/**
 * Monthly merchant reward, paid by the platform from the treasury once a month is over.
 *
 * @packageDocumentation
 */
import { POINTS, TREASURY_ACCOUNT } from '@loulan/protocol';
import type { Context } from 'fabric-contract-api';

import { AlreadyRewardedError, ConflictError } from '../ledger/errors';
import { executeWrite } from '../ledger/execute';
import { requireKeyPart } from '../ledger/keys';
import { DEFAULT_DEBIT_LANE } from '../ledger/lanes';
import { parseMonth, startOfNextMonth } from '../ledger/time';
import type { Reward } from './records';
import { merchants, readParams, rewards } from './repository';
import { computeMonthlyReward } from './reward';
import { monthlySales } from './sales';

/**
 * PayMonthlyReward: pays a merchant its reward on the sales attributed to a finished month.
 *
 * @param ctx - transaction context
 * @param requestId - business id
 * @param merchantId - the merchant
 * @param month - `yyyymm`, over in Asia/Shanghai
 * @returns the Reward as JSON
 */
export async function payMonthlyReward(ctx: Context, requestId: string, merchantId: string, month: string): Promise<string> {
  const spec = { tx: POINTS.transactions.PayMonthlyReward, requestId, args: [merchantId, month] };
  return executeWrite(ctx, spec, async ({ stub, book, requestId: id, txId, time, timeMs }) => {
    const merchant = requireKeyPart(merchantId, 'merchantId');
    const checkedMonth = parseMonth(month, 'month');
    if (timeMs < startOfNextMonth(checkedMonth)) {
      throw new ConflictError(`month ${checkedMonth} is not over yet in Asia/Shanghai`, { month: checkedMonth });
    }
    await merchants.require(stub, 'merchantId', merchant);
    const paid = await rewards.read(stub, merchant, checkedMonth);
    if (paid !== undefined) {
      throw new AlreadyRewardedError(`merchant ${merchant} has been rewarded for ${checkedMonth}`, {
        merchantId: merchant,
        month: checkedMonth,
        txId: paid.txId,
      });
    }
    const params = await readParams(stub);
    const { salesFen } = await monthlySales(stub, merchant, checkedMonth);
    const computed = computeMonthlyReward(salesFen, params.monthlyRewardBrackets, params.pointValueFen);
    if (computed.points > 0) {
      await book.transfer({
        from: TREASURY_ACCOUNT,
        fromLane: DEFAULT_DEBIT_LANE,
        to: merchant,
        toTarget: 'spread',
        points: computed.points,
        kind: 'MONTHLY_REWARD',
        requestId: id,
        reference: checkedMonth,
      });
    }
    const reward: Reward = { requestId: id, merchantId: merchant, month: checkedMonth, salesFen, ...computed, txId, time };
    await rewards.write(stub, reward, merchant, checkedMonth);
    return reward;
  });
}
