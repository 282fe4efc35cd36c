/**
 * Purchase rules: activity multiplier, points earned and redemption cap
 * (docs/rules.md#points-earn, #points-redemption); the occurred-at window
 * (#points-occurred-at), which shelf sales share, is `checkOccurredAt` in ledger/platform.ts.
 * Integer arithmetic only; every division floors.
 *
 * @packageDocumentation
 */
import { safeAdd } from '../ledger/args';
import { mulDivFloor, safeMul } from '../ledger/money';
import { DAY_MS } from '../ledger/time';
import type { ActivityTier } from './params';

/** Multiplier applied when no activity tier is reached: ×1.0. */
export const BASE_MULTIPLIER_BPS = 10_000;

/** A consumer's purchases in the trailing window before a purchase. */
export type Activity = {
  readonly count: number;
  readonly amountFen: number;
};

/**
 * The best activity multiplier reached, by count **or** amount.
 *
 * @param tiers - `activityTiers` parameter
 * @param activity - the consumer's trailing purchases
 * @returns multiplier in bps, at least {@link BASE_MULTIPLIER_BPS}
 */
export function activityMultiplierBps(tiers: readonly ActivityTier[], activity: Activity): number {
  return tiers
    .filter((tier) => activity.count >= tier.minCount || activity.amountFen >= tier.minAmountFen)
    .reduce((best, tier) => Math.max(best, tier.multiplierBps), BASE_MULTIPLIER_BPS);
}

/**
 * Points earned on a purchase: `floor(amountFen × basePointsPerYuan × multiplierBps / 1_000_000)`
 * (fen to yuan is /100, bps is /10,000).
 *
 * @param amountFen - purchase amount
 * @param basePointsPerYuan - parameter
 * @param multiplierBps - from {@link activityMultiplierBps}
 * @returns whole points
 */
export function earnedPoints(amountFen: number, basePointsPerYuan: number, multiplierBps: number): number {
  // The parameter bounds keep basePointsPerYuan × multiplierBps at most 10^8 and the result at
  // most 10^12 × 10^8 / 10^6 = 10^14, both safe integers.
  return mulDivFloor(amountFen, safeMul(basePointsPerYuan, multiplierBps), 1_000_000);
}

/**
 * Most fen of a purchase that may be paid with points.
 *
 * @param amountFen - purchase amount
 * @param capBps - `redemptionCapBps` parameter
 * @returns `floor(amountFen × capBps / 10000)`
 */
export function redemptionCapFen(amountFen: number, capBps: number): number {
  return mulDivFloor(amountFen, capBps, 10_000);
}

/**
 * Sums the purchases that count towards a purchase's activity: those whose occurred-at
 * lies in `[occurredAt − windowDays, occurredAt)`.
 *
 * @param purchases - candidate purchases with their occurred-at in epoch ms
 * @param occurredAtMs - the purchase being recorded
 * @param windowDays - `activityWindowDays` parameter
 * @returns count and amount
 */
export function trailingActivity(
  purchases: readonly { readonly occurredAtMs: number; readonly amountFen: number }[],
  occurredAtMs: number,
  windowDays: number,
): Activity {
  const from = occurredAtMs - windowDays * DAY_MS;
  return purchases
    .filter((p) => p.occurredAtMs >= from && p.occurredAtMs < occurredAtMs)
    .reduce((sum, p) => ({ count: sum.count + 1, amountFen: safeAdd(sum.amountFen, p.amountFen) }), { count: 0, amountFen: 0 });
}
