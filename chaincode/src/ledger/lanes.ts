/**
 * Lanes: a hot record is split over {@link LANE_COUNT} keys so that concurrent transactions
 * touch disjoint keys (docs/rules.md#points-hot-merchants). Balances, the sales and payable
 * totals and the shelf tallies use them; each transaction picks its lane from its id, so every
 * endorser picks the same one.
 *
 * @packageDocumentation
 */

/** Number of lanes per record. */
export const LANE_COUNT = 64;

/** Lane that debits without a `lane` argument start from. */
export const DEFAULT_DEBIT_LANE = 0;

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
 * The lane a single credit (or a total) goes to when the transaction names none: derived from
 * the transaction id, so every endorser picks the same one while concurrent transactions
 * spread over all lanes.
 *
 * @param txId - the running transaction's id
 * @returns lane number
 */
export function creditLane(txId: string): number {
  return fnv1a32(txId) % LANE_COUNT;
}
