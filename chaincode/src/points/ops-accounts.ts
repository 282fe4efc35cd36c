/**
 * Operations any account holder runs on its own account: transfers and lane rebalancing.
 *
 * @packageDocumentation
 */
import type { Context } from 'fabric-contract-api';

import { MAX_POINTS_ARGUMENT, parseInteger } from '../ledger/args';
import { ROLES, type AccountRole } from '../ledger/caller';
import { InvalidArgumentError } from '../ledger/errors';
import { requireKeyPart } from '../ledger/keys';
import { executeWrite } from './execute';
import { DEFAULT_DEBIT_LANE, creditLane } from './lanes';
import { readLanes } from './repository';

/** Every role that owns an account; auditors own none. */
export const ACCOUNT_ROLES: readonly AccountRole[] = ROLES.filter((role): role is AccountRole => role !== 'auditor');

/**
 * Transfer: moves points from the caller's account to another account.
 *
 * @param ctx - transaction context
 * @param requestId - business id
 * @param toAccount - receiving account
 * @param points - amount
 * @returns the TransferResult as JSON
 */
export async function transfer(ctx: Context, requestId: string, toAccount: string, points: string): Promise<string> {
  const spec = { txName: 'Transfer', event: 'Transfer', roles: ACCOUNT_ROLES, requestId, args: [requestId, toAccount, points] };
  return executeWrite(ctx, spec, async ({ caller, book, requestId: id, txId, time }) => {
    const to = requireKeyPart(toAccount, 'toAccount');
    if (to === caller.account) {
      throw new InvalidArgumentError('toAccount must differ from the sending account', { field: 'toAccount' });
    }
    const amount = parseInteger(points, 'points', 1, MAX_POINTS_ARGUMENT);
    await book.transfer({
      from: caller.account,
      fromLane: DEFAULT_DEBIT_LANE,
      to,
      toTarget: creditLane(txId),
      points: amount,
      kind: 'TRANSFER',
      requestId: id,
      reference: null,
    });
    return { requestId: id, from: caller.account, to, points: amount, txId, time };
  });
}

/**
 * RebalanceLanes: spreads the caller's balance evenly over its lanes, so that later debits
 * rarely need to sweep.
 *
 * @param ctx - transaction context
 * @param requestId - business id
 * @returns `{requestId, account, balance, txId, time}` as JSON
 */
export async function rebalanceLanes(ctx: Context, requestId: string): Promise<string> {
  const spec = { txName: 'RebalanceLanes', event: 'RebalanceLanes', roles: ACCOUNT_ROLES, requestId, args: [requestId] };
  return executeWrite(ctx, spec, async ({ stub, caller, book, requestId: id, txId, time }) => {
    const balance = await book.rebalance(caller.account, await readLanes(stub, caller.account));
    return { requestId: id, account: caller.account, balance, txId, time };
  });
}
