/**
 * Yield rules of JOSP plans (docs/rules.md#josp-yield), free of Fabric types: the sales-bracket schedule, the
 * escrow that guarantees the maximum yield, and each investor's floored yield.
 *
 * @packageDocumentation
 */
import { InvalidArgumentError } from '../ledger/errors';
import { mulDivFloor } from '../ledger/money';
import { readFields } from '../ledger/reader';

/** One bracket: from `minSalesFen` of term sales on, the plan pays `rateBps` of principal. */
export type YieldTier = { readonly minSalesFen: number; readonly rateBps: number };

/** Basis points in one whole. */
export const BPS = 10_000;

/** The default schedule (docs/rules.md#josp-yield): < 50,000 yuan → 1 %; 50,000–200,000 → 3 %; ≥ 200,000 → 5 %. */
export const DEFAULT_YIELD_SCHEDULE: readonly YieldTier[] = [
  { minSalesFen: 0, rateBps: 100 },
  { minSalesFen: 5_000_000, rateBps: 300 },
  { minSalesFen: 20_000_000, rateBps: 500 },
];

const MAX_TIERS = 16;
const MAX_SALES_FEN = 1_000_000_000_000;

/**
 * Checks a schedule: 1–16 tiers, the first from 0 fen, thresholds strictly ascending, rates
 * 0–10000 bps.
 *
 * @param value - decoded JSON
 * @returns the schedule
 * @throws InvalidArgumentError when it is not such a schedule
 */
export function parseYieldSchedule(value: unknown): YieldTier[] {
  const fail = (reason: string): InvalidArgumentError => new InvalidArgumentError(`yieldSchedule ${reason}`, { field: 'yieldSchedule' });
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_TIERS) {
    throw fail(`must be a list of 1-${MAX_TIERS} tiers`);
  }
  const items: unknown[] = value;
  const tiers = items.map((item): YieldTier => {
    try {
      const f = readFields(item, 'tier');
      return { minSalesFen: f.integer('minSalesFen'), rateBps: f.integer('rateBps') };
    } catch {
      throw fail('tiers must be {minSalesFen, rateBps} with whole numbers');
    }
  });
  tiers.forEach((tier, index) => {
    if (tier.rateBps > BPS || tier.minSalesFen > MAX_SALES_FEN) {
      throw fail('rates are 0-10000 bps and thresholds at most 10^12 fen');
    }
    const previous = tiers[index - 1];
    if (index === 0 ? tier.minSalesFen !== 0 : previous !== undefined && tier.minSalesFen <= previous.minSalesFen) {
      throw fail('must start at 0 fen and ascend strictly');
    }
  });
  return tiers;
}

/**
 * @param schedule - a checked schedule
 * @param salesFen - the merchant's sales in the term
 * @returns the rate of the highest tier the sales reach
 */
export function rateForSales(schedule: readonly YieldTier[], salesFen: number): number {
  return schedule.reduce((rate, tier) => (salesFen >= tier.minSalesFen ? tier.rateBps : rate), 0);
}

/**
 * @param schedule - a checked schedule
 * @returns the highest rate any sales could earn
 */
export function topRate(schedule: readonly YieldTier[]): number {
  return Math.max(...schedule.map((tier) => tier.rateBps));
}

/**
 * One investor's yield: `floor(principal × rateBps / 10000)`, exact for every allowed input
 * (the product reaches 10^16, beyond 2^53), so that the yields never sum above the escrow.
 *
 * @param principal - points subscribed
 * @param rateBps - the plan's settled rate
 * @returns yield points
 */
export function yieldOf(principal: number, rateBps: number): number {
  return mulDivFloor(principal, rateBps, BPS);
}

/**
 * What the issuer escrows at opening: the yield of a full plan at the top rate. Because
 * `Σ floor(pᵢ × r) ≤ floor(Σ pᵢ × r)`, it covers every investor's floored yield at any rate.
 *
 * @param capPoints - the plan's cap
 * @param schedule - a checked schedule
 * @returns escrow points
 */
export function yieldEscrow(capPoints: number, schedule: readonly YieldTier[]): number {
  return yieldOf(capPoints, topRate(schedule));
}

/**
 * @param escrowed - the yield escrow at opening
 * @param paid - the yields paid to each investor
 * @returns what goes back to the issuer: unused escrow plus rounding dust
 */
export function yieldRemainder(escrowed: number, paid: readonly number[]): number {
  return escrowed - paid.reduce((sum, points) => sum + points, 0);
}
