/**
 * Ledger-wide totals for `CheckInvariant` (Σ balances + Σ escrows = minted − burned), kept
 * up to date by the points book so that the check reads 64 keys instead of every balance lane
 * and escrow on the ledger, which grow with every account and the peer would cut at its
 * `totalQueryLimit`.
 *
 * `holdingsum~<shard>` = `{balances, escrows}` adds up the changes of Σ balances and Σ escrows
 * made by the transactions whose id picks that shard (`creditLane(txId)`); the totals are the
 * sums over the shards. Each change is the difference between the value a balance lane or
 * escrow had and the value the book wrote, so the totals follow the stored holdings, not the
 * amounts a transaction meant to move. Only mint, burn and escrow locks and releases change
 * either sum; a transfer leaves both alone and never touches a shard, so purchases at a hot
 * merchant gain no key in common. Two such transactions meet on a shard only when their ids
 * pick the same one (1 in 64), and then one is retried like any MVCC conflict.
 *
 * @packageDocumentation
 */
import { safeAdd } from '../ledger/args';
import { stateKey } from '../ledger/keys';
import { LANE_COUNT, laneKeyPart } from '../ledger/lanes';
import { readFields } from '../ledger/reader';
import { getJson, putJson } from '../ledger/state';
import type { Stub } from '../ledger/stub';

/** Σ balances and Σ escrows, or the part of them one shard holds (which may be negative). */
export type HoldingTotals = { readonly balances: number; readonly escrows: number };

function parseHoldingTotals(value: unknown): HoldingTotals {
  const f = readFields(value, 'holding totals');
  return { balances: f.integer('balances', Number.MIN_SAFE_INTEGER), escrows: f.integer('escrows', Number.MIN_SAFE_INTEGER) };
}

/**
 * @param stub - normally `ctx.stub`
 * @param shard - 0 to 63
 * @returns what the shard holds, zero when never written
 */
export async function readHoldingShard(stub: Stub, shard: number): Promise<HoldingTotals> {
  return (await getJson(stub, stateKey(stub, 'holdingsum', laneKeyPart(shard)), parseHoldingTotals)) ?? { balances: 0, escrows: 0 };
}

/**
 * @param stub - normally `ctx.stub`
 * @param shard - 0 to 63
 * @param totals - the shard's new content
 */
export async function writeHoldingShard(stub: Stub, shard: number, totals: HoldingTotals): Promise<void> {
  await putJson(stub, stateKey(stub, 'holdingsum', laneKeyPart(shard)), { balances: totals.balances, escrows: totals.escrows });
}

/**
 * @param stub - normally `ctx.stub`
 * @returns Σ balances and Σ escrows over the whole ledger
 */
export async function readHoldingTotals(stub: Stub): Promise<HoldingTotals> {
  let balances = 0;
  let escrows = 0;
  for (let shard = 0; shard < LANE_COUNT; shard++) {
    const part = await readHoldingShard(stub, shard);
    balances = safeAdd(balances, part.balances);
    escrows = safeAdd(escrows, part.escrows);
  }
  return { balances, escrows };
}
