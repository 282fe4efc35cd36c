/**
 * Read-only transactions of the points contract.
 *
 * @packageDocumentation
 */
import type { Context } from 'fabric-contract-api';

import { readingCaller } from '../ledger/accounts';
import { safeAdd } from '../ledger/args';
import { requireReadAccess } from '../ledger/caller';
import { ForbiddenError, NotFoundError } from '../ledger/errors';
import { requireKeyPart } from '../ledger/keys';
import { parsePageSize } from '../ledger/paging';
import { readRequest } from '../ledger/request';
import { stableStringify } from '../ledger/state';
import { parseMonth } from '../ledger/time';
import { readHoldingTotals } from './holding-totals';
import { merchants, movements, products, readLanes, readParams, readSupply, rewards } from './repository';
import { monthlySales } from './sales';

/**
 * @param ctx - transaction context
 * @returns the current parameters as JSON
 */
export async function getParams(ctx: Context): Promise<string> {
  await readingCaller(ctx);
  return stableStringify(await readParams(ctx.stub));
}

/**
 * @param ctx - transaction context
 * @param merchantId - the merchant
 * @returns the Merchant as JSON
 */
export async function getMerchant(ctx: Context, merchantId: string): Promise<string> {
  await readingCaller(ctx);
  return stableStringify(await merchants.require(ctx.stub, 'merchantId', merchantId));
}

/**
 * @param ctx - transaction context
 * @param productId - the product
 * @returns the Product as JSON
 */
export async function getProduct(ctx: Context, productId: string): Promise<string> {
  await readingCaller(ctx);
  return stableStringify(await products.require(ctx.stub, 'productId', productId));
}

/**
 * @param ctx - transaction context
 * @param pageSize - 1-100
 * @param bookmark - `""` for the first page
 * @returns `{items, bookmark}` as JSON
 */
export async function listProducts(ctx: Context, pageSize: string, bookmark: string): Promise<string> {
  await readingCaller(ctx);
  return stableStringify(await products.page(ctx.stub, parsePageSize(pageSize), bookmark));
}

/**
 * Sales attributed to a merchant's month, readable by that merchant, admins and auditors.
 *
 * @param ctx - transaction context
 * @param merchantId - the merchant
 * @param month - `yyyymm`
 * @returns `{merchantId, month, salesFen, purchases, reward}` as JSON
 */
export async function getMonthlySales(ctx: Context, merchantId: string, month: string): Promise<string> {
  const caller = await readingCaller(ctx);
  const id = requireKeyPart(merchantId, 'merchantId');
  if (caller.role !== 'admin' && caller.role !== 'auditor' && !(caller.role === 'merchant' && caller.account === id)) {
    throw new ForbiddenError('only the merchant itself, a platform admin or an auditor may read its sales', {
      role: caller.role,
    });
  }
  const checkedMonth = parseMonth(month, 'month');
  const { salesFen, purchases } = await monthlySales(ctx.stub, id, checkedMonth);
  const reward = (await rewards.read(ctx.stub, id, checkedMonth)) ?? null;
  return stableStringify({ merchantId: id, month: checkedMonth, salesFen, purchases, reward });
}

/**
 * @param ctx - transaction context
 * @param account - the account, readable by its owner, admins and auditors
 * @returns `{account, balance}` as JSON
 */
export async function getBalance(ctx: Context, account: string): Promise<string> {
  const id = requireKeyPart(account, 'account');
  requireReadAccess(await readingCaller(ctx), id);
  const lanes = await readLanes(ctx.stub, id);
  const balance = [...lanes.values()].reduce((sum, points) => safeAdd(sum, points), 0);
  return stableStringify({ account: id, balance });
}

/**
 * @param ctx - transaction context
 * @param account - the account, readable by its owner, admins and auditors
 * @param pageSize - 1-100
 * @param bookmark - `""` for the first page
 * @returns `{account, items, bookmark}` as JSON, oldest movement first
 */
export async function getStatement(ctx: Context, account: string, pageSize: string, bookmark: string): Promise<string> {
  const id = requireKeyPart(account, 'account');
  requireReadAccess(await readingCaller(ctx), id);
  const page = await movements.page(ctx.stub, parsePageSize(pageSize), bookmark, id);
  return stableStringify({ account: id, items: page.items, bookmark: page.bookmark });
}

/**
 * Checks Σ balances + Σ escrows = minted − burned, from the totals the points book keeps
 * (./holding-totals.ts): a fixed number of reads however many accounts the ledger holds.
 *
 * @param ctx - transaction context
 * @returns `{minted, burned, balances, escrows, holds}` as JSON
 */
export async function checkInvariant(ctx: Context): Promise<string> {
  await readingCaller(ctx);
  const { minted, burned } = await readSupply(ctx.stub);
  const { balances, escrows } = await readHoldingTotals(ctx.stub);
  return stableStringify({ minted, burned, balances, escrows, holds: balances + escrows === minted - burned });
}

/**
 * The record of one of the caller's own requests: what a retry refused with
 * `REQUEST_COMMITTED` needs to answer the first result. Only the account the caller's
 * certificate names (and owns, see `readingCaller`) is searched, so another caller's id is
 * simply not found.
 *
 * @param ctx - transaction context
 * @param requestId - business id of the request (for a purchase, the order id)
 * @returns `{requestId, txId, result}` as JSON, `result` being the first answer's JSON text
 * @throws NotFoundError when the caller never executed that id
 */
export async function getRequest(ctx: Context, requestId: string): Promise<string> {
  const caller = await readingCaller(ctx);
  const id = requireKeyPart(requestId, 'requestId');
  // Auditors own no account, so they never executed a request.
  const record = caller.account === null ? undefined : await readRequest(ctx.stub, caller.account, id);
  if (record === undefined) {
    throw new NotFoundError(`request ${id} was not executed for this caller`, { requestId: id });
  }
  return stableStringify({ requestId: id, txId: record.txId, result: record.result });
}
