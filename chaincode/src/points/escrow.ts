/**
 * Escrow holdings: points that have left an account but are not yet anyone's balance, such
 * as a JOSP plan's principal or a loan's collateral. Each holding is `escrow~<scope>~<id…>`
 * = `{ points }`, so `CheckInvariant` counts it with the balances.
 *
 * @packageDocumentation
 */
import { stateKey } from '../ledger/keys';
import type { EscrowRef } from '../ledger/points-book';
import { getJson, putJson } from '../ledger/state';
import type { Stub } from '../ledger/stub';
import { parsePointsHolding } from './records';

/**
 * @param stub - normally `ctx.stub`
 * @param ref - the holding
 * @returns its state key (checked key parts)
 */
export function escrowKey(stub: Stub, ref: EscrowRef): string {
  return stateKey(stub, 'escrow', ref.scope, ...ref.ids);
}

/**
 * @param stub - normally `ctx.stub`
 * @param key - from {@link escrowKey}
 * @returns the points held, 0 when never written
 */
export async function readEscrow(stub: Stub, key: string): Promise<number> {
  return (await getJson(stub, key, parsePointsHolding))?.points ?? 0;
}

/**
 * @param stub - normally `ctx.stub`
 * @param key - from {@link escrowKey}
 * @param points - new content of the holding
 */
export async function writeEscrow(stub: Stub, key: string, points: number): Promise<void> {
  await putJson(stub, key, { points });
}

/**
 * The text a statement line shows as the counterparty of an escrow movement.
 *
 * @param ref - the holding
 * @returns `escrow:<scope>:<id>:…`
 */
export function escrowLabel(ref: EscrowRef): string {
  return ['escrow', ref.scope, ...ref.ids].join(':');
}
