/**
 * The base of every contract class, with the check every contract runs before any of its
 * transactions: the proposal's timestamp lies within the platform's bound of the endorsing
 * peer's clock (docs/security.md, "Transaction time").
 *
 * @packageDocumentation
 */
import { type Context, Contract } from 'fabric-contract-api';

import { endorserClockMs, requireTimeWithinSkew } from './clock';
import { platform } from './platform';
import { txTimeMillis } from './tx';

/**
 * Refuses a transaction whose timestamp the endorser's clock does not vouch for. Called from
 * each contract's `beforeTransaction`, so no transaction function can forget it.
 *
 * @param ctx - transaction context
 * @throws TimeSkewError when the timestamp is too far from this peer's clock
 */
export async function gateTransaction(ctx: Context): Promise<void> {
  const { maxClockSkewSeconds } = await platform().readParams(ctx.stub);
  requireTimeWithinSkew(txTimeMillis(ctx.stub), endorserClockMs(), maxClockSkewSeconds * 1000);
}

/**
 * fabric-contract-api runs `beforeTransaction` before each transaction function of the
 * contract, evaluations included.
 */
export abstract class GatedContract extends Contract {
  /**
   * @param ctx - transaction context
   * @throws TimeSkewError when the timestamp is too far from this peer's clock
   */
  override async beforeTransaction(ctx: Context): Promise<void> {
    await gateTransaction(ctx);
  }
}
