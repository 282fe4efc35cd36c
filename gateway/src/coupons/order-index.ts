/**
 * The exchange matcher's index of open orders (docs/rules.md#coupons-exchange), built once per run and updated as rings are
 * taken out, so that planning never re-reads or re-sorts the whole book after a match.
 *
 * Orders are indexed by the asset they want and by the (wanted, given) asset pair, each list sorted
 * by `wantQuantity` from largest to smallest: the orders a giver can feed are then a suffix found by
 * binary search, met in increasing order of the giver's surplus, which lets the ring search stop at
 * the first candidate that cannot beat the best ring found so far.
 */

import type { BookOrder } from './matcher';

/**
 * Most fen one order may offer (`giveQuantity` × the unit value of the asset it gives). The chaincode
 * refuses larger orders at `PlaceOrder`, so a ring's value difference (at most four offers) is an exact
 * integer below 2^53 and plain numbers are exact.
 */
export const MAX_OFFER_FEN = 1_000_000_000_000;

/** One indexed open order. Assets and owners are small integers so the search compares numbers. */
export interface IndexedOrder {
  /** Position in ascending order id order: comparing ranks compares order ids. */
  readonly rank: number;
  readonly order: BookOrder;
  readonly owner: number;
  readonly give: number;
  readonly want: number;
  readonly giveQuantity: number;
  readonly wantQuantity: number;
  /** Unit value in fen of the asset this order gives. */
  readonly giveValueFen: number;
  /**
   * Least surplus this order could leave with any order it feeds, and least any order could leave
   * feeding it, as the book was built (lower bounds ever after, since the book only shrinks); null
   * when there is no such order, and this order can join no ring. Set once by the index.
   */
  minOutFen: number | null;
  minInFen: number | null;
  /** Taken by a planned ring, and therefore out of every list of the index. */
  taken: boolean;
}

type Order = (a: IndexedOrder, b: IndexedOrder) => number;

/** Ranks ascend within equal quantities, so every list has one order whatever the book's order. */
const BY_WANT_DESCENDING: Order = (a, b) => b.wantQuantity - a.wantQuantity || a.rank - b.rank;
const BY_GIVE_ASCENDING: Order = (a, b) => a.giveQuantity - b.giveQuantity || a.rank - b.rank;
const NO_PAIRS: ReadonlyMap<number, readonly IndexedOrder[]> = new Map();

/**
 * The open orders of one run. Orders the chaincode could not have accepted (a quantity that is not a
 * positive safe integer, a unit value that is not a non-negative safe integer, an offer above
 * {@link MAX_OFFER_FEN}) are left out, so that value arithmetic stays exact.
 */
export class OrderIndex {
  /** Every indexed order in ascending order id order (`orders[rank]`), taken ones included. */
  readonly orders: readonly IndexedOrder[];
  private readonly byWanted = new Map<number, IndexedOrder[]>();
  /** By the asset given, then by the asset wanted (the pair), `wantQuantity` descending. */
  private readonly byPair = new Map<number, Map<number, IndexedOrder[]>>();
  /** By the asset given, `giveQuantity` ascending: the cheapest way into an order. */
  private readonly byGiven = new Map<number, IndexedOrder[]>();
  private readonly byId = new Map<string, IndexedOrder>();
  private readonly assetIds = new Interner();
  private open: number;

  /**
   * @param orders - open orders, in any order; order ids must be distinct
   * @param unitValueFen - value of one unit of each asset; an asset without a value counts 0
   * @throws RangeError when two orders share an order id
   */
  constructor(orders: readonly BookOrder[], unitValueFen: ReadonlyMap<string, number>) {
    const owners = new Interner();
    const sorted = orders.filter((order) => withinBounds(order, unitValueFen)).sort((a, b) => compareIds(a.orderId, b.orderId));
    this.orders = sorted.map((order, rank) => ({
      rank,
      order,
      owner: owners.id(order.owner),
      give: this.assetIds.id(order.giveAsset),
      want: this.assetIds.id(order.wantAsset),
      giveQuantity: order.giveQuantity,
      wantQuantity: order.wantQuantity,
      giveValueFen: unitValueFen.get(order.giveAsset) ?? 0,
      minOutFen: null,
      minInFen: null,
      taken: false,
    }));
    for (const entry of this.orders) {
      if (this.byId.has(entry.order.orderId)) {
        throw new RangeError(`order ${entry.order.orderId} appears twice in the book`);
      }
      this.byId.set(entry.order.orderId, entry);
      listIn(this.byWanted, entry.want).push(entry);
      listIn(pairsIn(this.byPair, entry.give), entry.want).push(entry);
      listIn(this.byGiven, entry.give).push(entry);
    }
    this.byWanted.forEach((list) => list.sort(BY_WANT_DESCENDING));
    this.byPair.forEach((pairs) => {
      pairs.forEach((list) => list.sort(BY_WANT_DESCENDING));
    });
    this.byGiven.forEach((list) => list.sort(BY_GIVE_ASCENDING));
    this.open = this.orders.length;
    for (const entry of this.orders) {
      this.setCheapestEdges(entry);
    }
  }

  /** How many indexed orders no planned ring has taken yet. */
  get openOrders(): number {
    return this.open;
  }

  /** The index's number for an asset; undefined when no indexed order gives or wants it. */
  assetId(asset: string): number | undefined {
    return this.assetIds.find(asset);
  }

  /** Open orders wanting `asset`, by `wantQuantity` descending. */
  wanting(asset: number): readonly IndexedOrder[] {
    return this.byWanted.get(asset) ?? [];
  }

  /**
   * Open orders giving `given`, by the asset they want, each list by `wantQuantity` descending: the
   * orders that can close a ring back to an order wanting `given`.
   */
  givingBy(given: number): ReadonlyMap<number, readonly IndexedOrder[]> {
    return this.byPair.get(given) ?? NO_PAIRS;
  }

  /**
   * Takes the orders of a planned ring out of every list (binary search, then one splice), so that no
   * later search walks over orders that are gone.
   *
   * @throws RangeError when an order is unknown or already taken
   */
  take(orderIds: readonly string[]): void {
    for (const orderId of orderIds) {
      const entry = this.byId.get(orderId);
      if (entry === undefined || entry.taken) {
        throw new RangeError(`order ${orderId} is not open in the book`);
      }
      entry.taken = true;
      this.open -= 1;
      removeSorted(this.byWanted.get(entry.want), entry, BY_WANT_DESCENDING);
      removeSorted(this.byPair.get(entry.give)?.get(entry.want), entry, BY_WANT_DESCENDING);
      removeSorted(this.byGiven.get(entry.give), entry, BY_GIVE_ASCENDING);
    }
  }

  /**
   * A lower bound on the value difference of any ring through `entry`: its cheapest way out plus its
   * cheapest way in. Null when it cannot join any ring of this run.
   */
  lowerBoundFen(entry: IndexedOrder): number | null {
    return entry.minOutFen === null || entry.minInFen === null ? null : entry.minOutFen + entry.minInFen;
  }

  /** The first receiver from `firstFedBy` and the first giver of at least `wantQuantity` leave the least surplus. */
  private setCheapestEdges(entry: IndexedOrder): void {
    const fed = this.wanting(entry.give);
    const receiver = firstOtherThan(entry, fed, firstFedBy(fed, entry.giveQuantity));
    const feeding = this.byGiven.get(entry.want) ?? [];
    const giver = firstOtherThan(entry, feeding, firstGivingAtLeast(feeding, entry.wantQuantity));
    entry.minOutFen = receiver === undefined ? null : (entry.giveQuantity - receiver.wantQuantity) * entry.giveValueFen;
    entry.minInFen = giver === undefined ? null : (giver.giveQuantity - entry.wantQuantity) * giver.giveValueFen;
  }
}

/**
 * First index of `list` (by `wantQuantity` descending) whose order wants at most `quantity`: from there
 * on, every order can be fed by an offer of `quantity`, at an increasing surplus.
 */
export function firstFedBy(list: readonly IndexedOrder[], quantity: number): number {
  // Written out rather than through a comparator: the ring search calls this for every partial ring.
  let [low, high] = [0, list.length];
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((list[middle] as IndexedOrder).wantQuantity > quantity) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low;
}

/** Order ids compare as the ledger's keys and the original matcher did: by UTF-16 code units. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function firstOtherThan(entry: IndexedOrder, list: readonly IndexedOrder[], from: number): IndexedOrder | undefined {
  const first = list[from];
  return first === entry ? list[from + 1] : first;
}

/** First index of `list` (by `giveQuantity` ascending) whose order gives at least `quantity`. */
function firstGivingAtLeast(list: readonly IndexedOrder[], quantity: number): number {
  let [low, high] = [0, list.length];
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((list[middle] as IndexedOrder).giveQuantity < quantity) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low;
}

/** Removes `entry` from `list`, sorted by `order`: binary search for its place, then one splice. */
function removeSorted(list: IndexedOrder[] | undefined, entry: IndexedOrder, order: Order): void {
  if (list === undefined) {
    return;
  }
  let [low, high] = [0, list.length];
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (order(list[middle] as IndexedOrder, entry) < 0) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  if (list[low] === entry) {
    list.splice(low, 1);
  }
}

function listIn(lists: Map<number, IndexedOrder[]>, key: number): IndexedOrder[] {
  let list = lists.get(key);
  if (list === undefined) {
    list = [];
    lists.set(key, list);
  }
  return list;
}

function pairsIn(byPair: Map<number, Map<number, IndexedOrder[]>>, given: number): Map<number, IndexedOrder[]> {
  let pairs = byPair.get(given);
  if (pairs === undefined) {
    pairs = new Map();
    byPair.set(given, pairs);
  }
  return pairs;
}

function withinBounds(order: BookOrder, unitValueFen: ReadonlyMap<string, number>): boolean {
  const value = unitValueFen.get(order.giveAsset) ?? 0;
  const positive = (quantity: number): boolean => Number.isSafeInteger(quantity) && quantity > 0;
  return (
    positive(order.giveQuantity) &&
    positive(order.wantQuantity) &&
    Number.isSafeInteger(value) &&
    value >= 0 &&
    order.giveQuantity * value <= MAX_OFFER_FEN
  );
}

/** Gives each distinct string a small integer. */
class Interner {
  private readonly ids = new Map<string, number>();

  id(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(value, id);
    }
    return id;
  }

  find(value: string): number | undefined {
    return this.ids.get(value);
  }
}
