/**
 * Platform operations: parameters, supply and merchant onboarding. Only the platform admin
 * runs them, acting for the treasury.
 *
 * @packageDocumentation
 */
import { POINTS, TREASURY_ACCOUNT } from '@loulan/protocol';
import type { Context } from 'fabric-contract-api';

import { requireOpenAccount } from '../ledger/accounts';
import { MAX_POINTS_ARGUMENT, parseInteger, parseText, safeAdd } from '../ledger/args';
import { AlreadyExistsError, InvalidArgumentError } from '../ledger/errors';
import { executeWrite } from '../ledger/execute';
import { requireKeyPart } from '../ledger/keys';
import { creditLane, DEFAULT_DEBIT_LANE } from '../ledger/lanes';
import { parseParamsJson, regionTier } from './params';
import type { Merchant, Supply } from './records';
import { merchants, readParams, readSupply, writeParams, writeSupply } from './repository';

const NAME_MAX_LENGTH = 128;
const REGION_MAX_LENGTH = 64;

/**
 * UpdateParams: replaces the whole parameter document and increments its version.
 *
 * @param ctx - transaction context
 * @param requestId - business id
 * @param paramsJson - the parameter document
 * @returns the new document as JSON
 */
export async function updateParams(ctx: Context, requestId: string, paramsJson: string): Promise<string> {
  const spec = { tx: POINTS.transactions.UpdateParams, requestId, args: [paramsJson] };
  return executeWrite(ctx, spec, async ({ stub, txId, time }) => {
    const params = parseParamsJson(paramsJson);
    const current = await readParams(stub);
    const doc = { ...params, version: current.version + 1, updatedAt: time, updatedByTxId: txId };
    await writeParams(stub, doc);
    return doc;
  });
}

/**
 * Mint: creates points in the treasury.
 *
 * @param ctx - transaction context
 * @param requestId - business id
 * @param points - amount to create
 * @returns the SupplyChange as JSON
 */
export async function mint(ctx: Context, requestId: string, points: string): Promise<string> {
  return changeSupply(ctx, POINTS.transactions.Mint, requestId, points);
}

/**
 * Burn: destroys points held by the treasury.
 *
 * @param ctx - transaction context
 * @param requestId - business id
 * @param points - amount to destroy
 * @returns the SupplyChange as JSON
 */
export async function burn(ctx: Context, requestId: string, points: string): Promise<string> {
  return changeSupply(ctx, POINTS.transactions.Burn, requestId, points);
}

async function changeSupply(
  ctx: Context,
  tx: typeof POINTS.transactions.Mint | typeof POINTS.transactions.Burn,
  requestId: string,
  points: string,
): Promise<string> {
  const spec = { tx, requestId, args: [points] };
  return executeWrite(ctx, spec, async ({ stub, book, requestId: id, txId, time }) => {
    const amount = parseInteger(points, 'points', 1, MAX_POINTS_ARGUMENT);
    const supply = await readSupply(stub);
    const leg = { account: TREASURY_ACCOUNT, points: amount, counterparty: null, requestId: id, reference: null };
    let next: Supply;
    if (tx.name === 'Mint') {
      await book.credit({ ...leg, kind: 'MINT' }, creditLane(txId));
      next = { minted: safeAdd(supply.minted, amount), burned: supply.burned };
    } else {
      await book.debit({ ...leg, kind: 'BURN' }, DEFAULT_DEBIT_LANE);
      next = { minted: supply.minted, burned: safeAdd(supply.burned, amount) };
    }
    await writeSupply(stub, next);
    return { requestId: id, points: amount, minted: next.minted, burned: next.burned, txId, time };
  });
}

/**
 * RegisterMerchant: records a merchant and pays its join bonus from the treasury, spread
 * over the merchant's lanes.
 *
 * @param ctx - transaction context
 * @param requestId - business id
 * @param merchantId - the merchant's account id
 * @param name - display name
 * @param region - city or region, decides the tier
 * @returns the Merchant as JSON
 */
export async function registerMerchant(ctx: Context, requestId: string, merchantId: string, name: string, region: string): Promise<string> {
  const spec = { tx: POINTS.transactions.RegisterMerchant, requestId, args: [merchantId, name, region] };
  return executeWrite(ctx, spec, async ({ stub, book, requestId: id, txId, time }) => {
    const merchant = requireKeyPart(merchantId, 'merchantId');
    if (merchant === TREASURY_ACCOUNT) {
      throw new InvalidArgumentError('the treasury cannot be a merchant', { field: 'merchantId' });
    }
    const checkedName = parseText(name, 'name', NAME_MAX_LENGTH);
    const checkedRegion = parseText(region, 'region', REGION_MAX_LENGTH);
    if ((await merchants.read(stub, merchant)) !== undefined) {
      throw new AlreadyExistsError(`merchant ${merchant} is already registered`, { merchantId: merchant });
    }
    // Only an account its retail organisation opened as a merchant can be registered as one.
    await requireOpenAccount(stub, merchant, 'merchantId', ['merchant']);
    const params = await readParams(stub);
    const tier = regionTier(params, checkedRegion);
    const joinBonus = params.joinBonus[tier];
    const record: Merchant = {
      merchantId: merchant,
      name: checkedName,
      region: checkedRegion,
      tier,
      joinBonus,
      registeredAt: time,
      txId,
    };
    if (joinBonus > 0) {
      await book.transfer({
        from: TREASURY_ACCOUNT,
        fromLane: DEFAULT_DEBIT_LANE,
        to: merchant,
        toTarget: 'spread',
        points: joinBonus,
        kind: 'JOIN_BONUS',
        requestId: id,
        reference: merchant,
      });
    }
    await merchants.write(stub, record, merchant);
    return record;
  });
}
