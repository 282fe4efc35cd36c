/**
 * The T+1 settlement formula of docs/rules.md#shelf-settlement, free of Fabric types. All amounts are integer fen,
 * possibly negative when refunds outweigh sales in a settlement.
 *
 * @packageDocumentation
 */
import { createHash } from 'node:crypto';

import { mulDivFloor } from '../ledger/money';
import { stableStringify } from '../ledger/state';
import type { SaleLine } from './lines';

/** Basis points in one whole. */
export const BPS = 10_000;

/** The profit split of an agreement, in bps summing to {@link BPS}, plus the platform fee. */
export type Split = {
  readonly supplierBps: number;
  readonly operatorBps: number;
  readonly siteBps: number;
  readonly feeBps: number;
};

/** What one settlement owes. */
export type SettlementAmounts = {
  readonly revenueFen: number;
  readonly costFen: number;
  readonly feeFen: number;
  readonly profitFen: number;
  readonly supplierFen: number;
  readonly operatorFen: number;
  readonly siteFen: number;
  /** The part of a loss the operator carries (0 unless profit < 0). */
  readonly operatorLossFen: number;
};

/**
 * `floor(amount × bps / 10000)` exactly, even where the product leaves the safe-integer range;
 * a negative amount floors toward −∞.
 *
 * @param amount - fen, possibly negative
 * @param bps - basis points
 * @returns the floored share in fen
 */
export function floorBps(amount: number, bps: number): number {
  return mulDivFloor(amount, bps, BPS);
}

/**
 * Settles revenue R and supplier cost C under a split (docs/rules.md#shelf-settlement):
 *
 * - fee F = floor(R × feeBps) for R ≥ 0; for R < 0 (refunds outweigh sales) the fee is
 *   returned rounded toward zero, −floor(|R| × feeBps), so the platform never gives back
 *   more than it took;
 * - profit P = R − C − F;
 * - P ≥ 0: supplier C + floor(P × supplierBps), site floor(P × siteBps), operator the rest
 *   (its own floor(P × operatorBps) plus the dust);
 * - P < 0 (a loss day): the supplier is still owed its cost C, operator and site get 0, and
 *   the operator, who collected the revenue, carries the loss −P.
 *
 * @param revenueFen - R, the sum of the sale amounts covered (refunds negative)
 * @param costFen - C, the sum of the supplier costs covered (refunds negative)
 * @param split - the agreement's bps
 * @returns every amount of the statement
 */
export function settle(revenueFen: number, costFen: number, split: Split): SettlementAmounts {
  const feeFen = revenueFen >= 0 ? floorBps(revenueFen, split.feeBps) : -floorBps(-revenueFen, split.feeBps);
  const profitFen = revenueFen - costFen - feeFen;
  if (profitFen < 0) {
    return { revenueFen, costFen, feeFen, profitFen, supplierFen: costFen, operatorFen: 0, siteFen: 0, operatorLossFen: -profitFen };
  }
  const supplierShare = floorBps(profitFen, split.supplierBps);
  const siteFen = floorBps(profitFen, split.siteBps);
  return {
    revenueFen,
    costFen,
    feeFen,
    profitFen,
    supplierFen: costFen + supplierShare,
    operatorFen: profitFen - supplierShare - siteFen,
    siteFen,
    operatorLossFen: 0,
  };
}

/**
 * The hash a statement records over the sales lines it covers: SHA-256 (hex) of the
 * canonical JSON array of the lines sorted by sale id, so every party can recompute it from
 * the lines of its reconciliation report.
 *
 * @param lines - the lines covered, in any order
 * @returns lowercase hex digest
 */
export function linesHash(lines: readonly SaleLine[]): string {
  const sorted = [...lines].sort((a, b) => (a.saleId < b.saleId ? -1 : a.saleId > b.saleId ? 1 : 0));
  return createHash('sha256').update(stableStringify(sorted), 'utf8').digest('hex');
}
