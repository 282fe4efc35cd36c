/**
 * Balance lanes: a balance is split over {@link LANE_COUNT} keys so that concurrent
 * purchases at one merchant touch disjoint keys (SPEC §3 "Hot merchants"). Which lane a
 * transaction uses, and how a debit sweeps, are decided here without Fabric types.
 *
 * @packageDocumentation
 */

/** Number of lanes per account. */
export const LANE_COUNT = 64;

/** Lane that debits without a `lane` argument start from. */
export const DEFAULT_DEBIT_LANE = 0;

/** How much to take from one lane. */
export type LaneTake = { readonly lane: number; readonly points: number };

/**
 * The key part of a lane: two digits, so that lanes sort numerically.
 *
 * @param lane - 0 to {@link LANE_COUNT} − 1
 * @returns `00` … `63`
 */
export function laneKeyPart(lane: number): string {
  return String(lane).padStart(2, '0');
}

/**
 * 32-bit FNV-1a over the UTF-8 bytes of a text.
 *
 * @param text - input, typically a transaction id
 * @returns unsigned 32-bit hash
 */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/**
 * The lane a single credit goes to when the transaction names none: derived from the
 * transaction id, so every endorser picks the same one while concurrent transactions
 * spread over all lanes.
 *
 * @param txId - the running transaction's id
 * @returns lane number
 */
export function creditLane(txId: string): number {
  return fnv1a32(txId) % LANE_COUNT;
}

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
