/**
 * The exchange matcher (SPEC §5): finds direct pairs and rings of up to four orders in which
 * every order receives at least what it wants from the order before it. Pure and deterministic:
 * the same book always gives the same matches, whatever order the book lists its orders in.
 *
 * Preference between candidate rings: (1) the smallest value difference, the face value of
 * everything offered beyond what the receivers want; (2) the fewest hops; (3) the smallest
 * order ids, so that ties are broken the same way everywhere.
 */

/** Most orders in one ring. */
export const MAX_RING = 4;

/** An open order as the matcher sees it: give at most `giveQuantity` of one asset for exactly `wantQuantity` of another. */
export interface BookOrder {
  readonly orderId: string;
  readonly owner: string;
  readonly giveAsset: string;
  readonly giveQuantity: number;
  readonly wantAsset: string;
  readonly wantQuantity: number;
}

/** A ring to execute: order i gives to order i+1, the last to the first. */
export interface Match {
  readonly orderIds: readonly string[];
  /** Value in fen of what the givers offered beyond what the receivers want (it returns to them). */
  readonly valueDifferenceFen: number;
  readonly hops: number;
}

/**
 * The best ring of the book, or null when no ring respects every order's limit.
 *
 * @param orders - open orders, in any order
 * @param unitValueFen - value of one unit of each asset; an asset without a value counts 0
 */
export function findBestMatch(orders: readonly BookOrder[], unitValueFen: ReadonlyMap<string, number>): Match | null {
  let best: Match | null = null;
  for (const ring of enumerateRings(orders)) {
    const candidate = toMatch(ring, unitValueFen);
    if (best === null || compareMatches(candidate, best) < 0) {
      best = candidate;
    }
  }
  return best;
}

/**
 * Disjoint rings to execute one after the other: the best ring, then the best ring of what is left,
 * and so on.
 *
 * @param orders - open orders, in any order
 * @param unitValueFen - value of one unit of each asset
 */
export function planMatches(orders: readonly BookOrder[], unitValueFen: ReadonlyMap<string, number>): Match[] {
  const plan: Match[] = [];
  let remaining = [...orders];
  for (let match = findBestMatch(remaining, unitValueFen); match !== null; match = findBestMatch(remaining, unitValueFen)) {
    plan.push(match);
    const used = new Set(match.orderIds);
    remaining = remaining.filter((order) => !used.has(order.orderId));
  }
  return plan;
}

/** Negative when `a` is preferred to `b`. */
export function compareMatches(a: Match, b: Match): number {
  if (a.valueDifferenceFen !== b.valueDifferenceFen) {
    return a.valueDifferenceFen - b.valueDifferenceFen;
  }
  if (a.hops !== b.hops) {
    return a.hops - b.hops;
  }
  const length = Math.min(a.orderIds.length, b.orderIds.length);
  for (let i = 0; i < length; i++) {
    const [x, y] = [a.orderIds[i] ?? '', b.orderIds[i] ?? ''];
    if (x !== y) {
      return x < y ? -1 : 1;
    }
  }
  return a.orderIds.length - b.orderIds.length;
}

/** Whether `giver`'s offer satisfies `receiver`'s limit. */
function feeds(giver: BookOrder, receiver: BookOrder): boolean {
  return giver.giveAsset === receiver.wantAsset && giver.giveQuantity >= receiver.wantQuantity;
}

/**
 * Every ring once: it starts at its smallest order id and follows the direction of delivery, so
 * rotations are never produced twice.
 */
function* enumerateRings(orders: readonly BookOrder[]): Generator<BookOrder[]> {
  const sorted = [...orders].sort((a, b) => (a.orderId < b.orderId ? -1 : a.orderId > b.orderId ? 1 : 0));
  const byWanted = new Map<string, BookOrder[]>();
  for (const order of sorted) {
    byWanted.set(order.wantAsset, [...(byWanted.get(order.wantAsset) ?? []), order]);
  }
  for (const start of sorted) {
    yield* extend([start], byWanted);
  }
}

function* extend(path: BookOrder[], byWanted: ReadonlyMap<string, BookOrder[]>): Generator<BookOrder[]> {
  const start = path[0] as BookOrder;
  const last = path[path.length - 1] as BookOrder;
  for (const next of byWanted.get(last.giveAsset) ?? []) {
    if (next.orderId <= start.orderId || !feeds(last, next) || path.some((o) => o.orderId === next.orderId || o.owner === next.owner)) {
      continue;
    }
    const ring = [...path, next];
    if (feeds(next, start)) {
      yield ring;
    }
    if (ring.length < MAX_RING) {
      yield* extend(ring, byWanted);
    }
  }
}

function toMatch(ring: readonly BookOrder[], unitValueFen: ReadonlyMap<string, number>): Match {
  let valueDifferenceFen = 0;
  ring.forEach((order, index) => {
    const receiver = ring[(index + 1) % ring.length] as BookOrder;
    valueDifferenceFen += (order.giveQuantity - receiver.wantQuantity) * (unitValueFen.get(order.giveAsset) ?? 0);
  });
  return { orderIds: ring.map((order) => order.orderId), valueDifferenceFen, hops: ring.length };
}
