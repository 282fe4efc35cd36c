/**
 * Balance lanes: a balance is split over `LANE_COUNT` keys (ledger/lanes.ts) so that concurrent
 * purchases at one merchant touch disjoint keys (docs/rules.md#points-hot-merchants). How a
 * debit sweeps the lanes and how a balance is spread over them are decided here without Fabric
 * types.
 *
 * @packageDocumentation
 */
import { LANE_COUNT } from '../ledger/lanes';

/** How much to take from one lane. */
export type LaneTake = { readonly lane: number; readonly points: number };

/**
 * The order in which a debit visits lanes: its own lane first, then the others ascending.
 *
 * @param startLane - the debit's lane
 * @returns every lane once
 */
export function sweepOrder(startLane: number): number[] {
  return [startLane, ...Array.from({ length: LANE_COUNT }, (_, lane) => lane).filter((lane) => lane !== startLane)];
}

/**
 * Plans a debit: take from the start lane, and only when it is short read and take from the
 * other lanes in {@link sweepOrder} until covered. Lanes are read lazily so that the common
 * case reads (and so conflicts on) a single key.
 *
 * @param startLane - the debit's lane
 * @param points - amount to debit, positive
 * @param readLane - current points of a lane
 * @returns the takes, or the total available when the lanes together are short
 */
export async function planDebit(
  startLane: number,
  points: number,
  readLane: (lane: number) => Promise<number>,
): Promise<{ readonly takes: LaneTake[] } | { readonly shortOf: number; readonly available: number }> {
  const takes: LaneTake[] = [];
  let remaining = points;
  for (const lane of sweepOrder(startLane)) {
    const balance = await readLane(lane);
    const take = Math.min(balance, remaining);
    if (take > 0) {
      takes.push({ lane, points: take });
      remaining -= take;
    }
    if (remaining === 0) {
      return { takes };
    }
  }
  return { shortOf: remaining, available: points - remaining };
}

/**
 * Splits an amount evenly over all lanes; the first `points mod LANE_COUNT` lanes get one
 * point more.
 *
 * @param points - non-negative amount
 * @returns {@link LANE_COUNT} amounts, index = lane
 */
export function spreadEvenly(points: number): number[] {
  const share = Math.floor(points / LANE_COUNT);
  const extra = points % LANE_COUNT;
  return Array.from({ length: LANE_COUNT }, (_, lane) => share + (lane < extra ? 1 : 0));
}
