/**
 * Operations on accounts: opening one, transfers and lane rebalancing.
 *
 * @packageDocumentation
 */
import { POINTS } from '@loulan/protocol';
import type { Context } from 'fabric-contract-api';

import { type AccountRecord, accounts, readAccount, readingCaller, writeAccount } from '../ledger/accounts';
import { MAX_POINTS_ARGUMENT, parseInteger } from '../ledger/args';
import { callerOf, requireRole } from '../ledger/caller';
import { AccountHeldError, InvalidArgumentError } from '../ledger/errors';
import { executeWrite } from '../ledger/execute';
import { requireKeyPart } from '../ledger/keys';
import { creditLane, DEFAULT_DEBIT_LANE } from '../ledger/lanes';
import { stableStringify } from '../ledger/state';
import { txTimeIso } from '../ledger/tx';
import { readLanes } from './repository';

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
  const spec = { tx: POINTS.transactions.Transfer, requestId, args: [toAccount, points] };
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
  const spec = { tx: POINTS.transactions.RebalanceLanes, requestId, args: [] };
  return executeWrite(ctx, spec, async ({ stub, caller, book, requestId: id, txId, time }) => {
    const balance = await book.rebalance(caller.account, await readLanes(stub, caller.account));
    return { requestId: id, account: caller.account, balance, txId, time };
  });
}

/**
 * OpenAccount: enters the account named by the caller's certificate in the register, owned by
 * the caller's MSP and role. Each organisation opens its members' accounts when it enrols them
 * (the gateway does it with the new member's own certificate), so an id is taken by the first
 * organisation that enrols it and by no other afterwards. Opening an account the caller's MSP
 * and role already own answers the first entry and writes nothing.
 *
 * @param ctx - transaction context
 * @returns the AccountRecord as JSON
 * @throws AccountHeldError when another organisation or role owns the id
 */
export async function openAccount(ctx: Context): Promise<string> {
  const caller = requireRole(await callerOf(ctx), ...POINTS.transactions.OpenAccount.roles);
  const existing = await readAccount(ctx.stub, caller.account);
  if (existing !== undefined) {
    if (existing.msp === caller.msp && existing.role === caller.role) {
      return stableStringify(existing);
    }
    throw new AccountHeldError(`account ${caller.account} is owned by another organisation or role`, {
      account: caller.account,
    });
  }
  const record: AccountRecord = {
    account: caller.account,
    msp: caller.msp,
    role: caller.role,
    openedBy: ctx.clientIdentity.getID(),
    openedAt: txTimeIso(ctx.stub),
    txId: ctx.stub.getTxID(),
  };
  await writeAccount(ctx.stub, record);
  const json = stableStringify(record);
  ctx.stub.setEvent('OpenAccount', Buffer.from(json, 'utf8'));
  return json;
}

/**
 * GetAccount: the register entry of an account, readable by everyone on the channel (it says
 * who owns an id, which every counterparty needs to know).
 *
 * @param ctx - transaction context
 * @param account - the account id
 * @returns the AccountRecord as JSON
 * @throws NotFoundError when it was never opened
 */
export async function getAccount(ctx: Context, account: string): Promise<string> {
  await readingCaller(ctx);
  return stableStringify(await accounts.require(ctx.stub, 'account', account));
}
