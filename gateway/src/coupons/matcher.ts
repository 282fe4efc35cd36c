/**
 * The exchange matcher (docs/rules.md#coupons-exchange): finds direct pairs and rings of up to four orders in which
 * every order receives at least what it wants from the order before it. Pure and deterministic:
 * the same book always gives the same matches, whatever order the book lists its orders in.
 *
 * Preference between candidate rings: (1) the smallest value difference, the face value of
 * everything offered beyond what the receivers want; (2) the fewest hops; (3) the smallest order
 * ids, so that ties are broken the same way everywhere.
 *
 * A plan is the best ring, then the best ring of what is left, and so on. It is computed without
 * searching the book again after each ring: a ring's orders alone decide whether it is executable,
 * so the best ring of what is left is the best ring found earlier that shares no order with the
 * rings already planned. Each order keeps, in one priority queue, either a cheap lower bound on the
 * rings it can start or the best ring it starts; only an order whose ring lost an order to the plan,
 * or whose bound reaches the front of the queue, is searched (again). The search is bounded by a
 * {@link MatchBudget}; a plan cut short is still the exact beginning of the complete plan. The
 * candidate budget cuts a given book at the same ring every time; where the time budget cuts depends
 * on the machine.
 */

import { compareIds, firstFedBy, type IndexedOrder, OrderIndex } from './order-index';

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

/** What one planning run may spend before it stops with the rings planned so far. */
export interface MatchBudget {
  /** Wall-clock milliseconds of searching. */
  readonly timeMs: number;
  /** Candidates examined: each open order tried as the next order of a partial ring counts one. */
  readonly candidates: number;
}

/**
 * Defaults sized on `bench/matcher.ts`: its 10,000-order book is planned in about a second with under
 * 5 million candidates, and 50 million take a few seconds on a loaded 2-core machine, so the candidate
 * budget (the same cut on every machine) usually stops a run before the clock does. A book that
 * reaches them (thousands of orders over a handful of assets, with millions of partial rings) is
 * planned over several runs instead of one long one.
 */
export const DEFAULT_MATCH_BUDGET: MatchBudget = { timeMs: 5_000, candidates: 50_000_000 };

/** No limit: the complete plan, however long it takes. */
export const UNLIMITED_BUDGET: MatchBudget = { timeMs: Number.POSITIVE_INFINITY, candidates: Number.POSITIVE_INFINITY };

/** Which budget stopped a run. */
export type BudgetKind = 'time' | 'candidates';

/** The result of one planning run. */
export interface MatchPlan {
  /** Disjoint rings, in execution order: the beginning of the complete plan when the search was cut short. */
  readonly matches: readonly Match[];
  /** The budget that stopped the search before the plan was complete; null when it is complete. */
  readonly cutShortBy: BudgetKind | null;
  /** Candidates examined. */
  readonly candidates: number;
  readonly elapsedMs: number;
}

/**
 * The best ring of the book, or null when no ring respects every order's limit.
 *
 * @param orders - open orders, in any order; order ids must be distinct
 * @param unitValueFen - value of one unit of each asset; an asset without a value counts 0
 */
export function findBestMatch(orders: readonly BookOrder[], unitValueFen: ReadonlyMap<string, number>): Match | null {
  return new Planner(new OrderIndex(orders, unitValueFen), new Budget(UNLIMITED_BUDGET, () => 0)).next();
}

/**
 * Disjoint rings to execute one after the other: the best ring, then the best ring of what is left,
 * and so on, without a budget.
 *
 * @param orders - open orders, in any order; order ids must be distinct
 * @param unitValueFen - value of one unit of each asset
 */
export function planMatches(orders: readonly BookOrder[], unitValueFen: ReadonlyMap<string, number>): Match[] {
  return [...planMatchesWithin(orders, unitValueFen, UNLIMITED_BUDGET).matches];
}

/**
 * {@link planMatches} within a budget: when the budget runs out, the rings planned so far (the exact
 * beginning of the complete plan) and which budget stopped it.
 *
 * @param clock - milliseconds on a monotonic clock; tests pass a fake one
 */
export function planMatchesWithin(
  orders: readonly BookOrder[],
  unitValueFen: ReadonlyMap<string, number>,
  budget: MatchBudget,
  clock: () => number = () => performance.now(),
): MatchPlan {
  const spending = new Budget(budget, clock);
  const planner = new Planner(new OrderIndex(orders, unitValueFen), spending);
  const matches: Match[] = [];
  for (let match = planner.next(); match !== null; match = planner.next()) {
    matches.push(match);
  }
  return { matches, cutShortBy: spending.cutShortBy, candidates: spending.spent, elapsedMs: spending.elapsedMs() };
}

/** Negative when `a` is preferred to `b`. */
export const compareMatches: (a: Match, b: Match) => number = preference(
  (match) => match.valueDifferenceFen,
  (match) => match.orderIds,
  compareIds,
);

/**
 * The preference between rings of the module comment, on what `R` holds as a ring's cost and its
 * orders' keys (ids, or ranks, which compare as the ids do): the smaller cost, then the fewer hops,
 * then the smaller keys one by one. Negative when `a` is preferred to `b`.
 */
function preference<R extends { readonly hops: number }, K>(
  costOf: (ring: R) => number,
  keysOf: (ring: R) => readonly K[],
  compareKeys: (a: K, b: K) => number,
): (a: R, b: R) => number {
  return (a, b) => {
    const costA = costOf(a);
    const costB = costOf(b);
    if (costA !== costB) {
      return costA - costB;
    }
    if (a.hops !== b.hops) {
      return a.hops - b.hops;
    }
    const keysA = keysOf(a);
    const keysB = keysOf(b);
    const length = Math.min(keysA.length, keysB.length);
    for (let i = 0; i < length; i++) {
      const order = compareKeys(keysA[i] as K, keysB[i] as K);
      if (order !== 0) {
        return order;
      }
    }
    return keysA.length - keysB.length;
  };
}

/**
 * A queue entry: the best ring `start` starts (`ring` set), or a lower bound on it (`ring` null,
 * `ranks` just `[start.rank]`, which sorts before every ring `start` starts at the same cost).
 */
interface Candidate {
  readonly start: IndexedOrder;
  readonly costFen: number;
  readonly hops: number;
  /** Ranks of the ring's orders, which compare as their order ids do. */
  readonly ranks: readonly number[];
  readonly ring: readonly IndexedOrder[] | null;
}

/** Every candidate built alike, so the queue's comparisons see one object shape. */
function candidate(
  start: IndexedOrder,
  costFen: number,
  hops: number,
  ranks: readonly number[],
  ring: readonly IndexedOrder[] | null,
): Candidate {
  return { start, costFen, hops, ranks, ring };
}

/** {@link compareMatches} on ranks instead of order ids. */
const compareCandidates = preference<Candidate, number>(
  (entry) => entry.costFen,
  (entry) => entry.ranks,
  (a, b) => a - b,
);

/** Produces the plan one ring at a time (see the module comment). */
class Planner {
  private readonly queue = new MinHeap<Candidate>(compareCandidates);
  private readonly search: RingSearch;

  constructor(
    private readonly index: OrderIndex,
    private readonly budget: Budget,
  ) {
    this.search = new RingSearch(index, budget);
    for (const start of index.orders) {
      const costFen = index.lowerBoundFen(start);
      if (costFen !== null) {
        this.queue.push(candidate(start, costFen, 2, [start.rank], null));
      }
    }
  }

  /** The next ring of the plan; null when the plan is complete or the budget ran out. */
  next(): Match | null {
    for (let top = this.queue.pop(); top !== undefined; top = this.queue.pop()) {
      if (top.start.taken) {
        continue;
      }
      // Taking orders out only removes rings, so every other entry is a lower bound of what its order
      // can still start: a ring at the front whose orders are all open is the best of what is left.
      if (top.ring !== null && top.ring.every((entry) => !entry.taken)) {
        this.index.take(top.ring.map((entry) => entry.order.orderId));
        return { orderIds: top.ring.map((entry) => entry.order.orderId), valueDifferenceFen: top.costFen, hops: top.hops };
      }
      const found = this.search.bestFrom(top.start);
      if (this.budget.cutShortBy !== null) {
        return null;
      }
      if (found !== null) {
        this.queue.push(
          candidate(
            top.start,
            found.costFen,
            found.hops,
            found.ring.map((entry) => entry.rank),
            found.ring,
          ),
        );
      }
    }
    return null;
  }
}

/** A ring found by the search, orders in delivery order from its smallest order id. */
interface Found {
  readonly costFen: number;
  readonly hops: number;
  readonly ring: readonly IndexedOrder[];
}

/**
 * Depth-first search for the best ring one order starts. Candidates come from the index in increasing
 * order of surplus, so a branch stops as soon as it cannot beat the best ring found so far.
 */
class RingSearch {
  private readonly path: IndexedOrder[] = [];
  private best: Found | null = null;
  /** The orders that can close a ring to the current start (they give what it wants), by what they want. */
  private closers: ReadonlyMap<number, readonly IndexedOrder[]> = new Map();

  constructor(
    private readonly index: OrderIndex,
    private readonly budget: Budget,
  ) {}

  /** The best open ring whose smallest order id is `start`'s; null when there is none or the budget ran out. */
  bestFrom(start: IndexedOrder): Found | null {
    this.best = null;
    this.closers = this.index.givingBy(start.want);
    this.path.length = 0;
    this.path.push(start);
    this.close(start, 0);
    this.extend(start, 0);
    return this.budget.cutShortBy === null ? this.best : null;
  }

  /**
   * Rings of the path plus one order that both `last` feeds and feeds the start. Bounds add the start's
   * cheapest way in, which grow along the list, so the first hopeless candidate ends the loop.
   */
  private close(last: IndexedOrder, costFen: number): void {
    const start = this.path[0] as IndexedOrder;
    const receivers = this.closers.get(last.give) ?? [];
    const hops = this.path.length + 1;
    for (let i = firstFedBy(receivers, last.giveQuantity); i < receivers.length; i++) {
      const next = receivers[i] as IndexedOrder;
      const reachedFen = costFen + (last.giveQuantity - next.wantQuantity) * last.giveValueFen;
      const verdict = this.weigh(last, next, reachedFen + (start.minInFen ?? 0), hops);
      if (verdict === 'stop') {
        return;
      }
      if (verdict === 'consider' && next.giveQuantity >= start.wantQuantity && this.joinable(next)) {
        this.consider(reachedFen + (next.giveQuantity - start.wantQuantity) * next.giveValueFen, next);
      }
    }
  }

  /**
   * Longer paths through every order `last` feeds, while a ring through them could still have at most
   * {@link MAX_RING} orders. Such a ring still needs a way out of `next` and a way into the start.
   */
  private extend(last: IndexedOrder, costFen: number): void {
    const start = this.path[0] as IndexedOrder;
    const hopsAtLeast = this.path.length + 2;
    if (hopsAtLeast > MAX_RING) {
      return;
    }
    const receivers = this.index.wanting(last.give);
    for (let i = firstFedBy(receivers, last.giveQuantity); i < receivers.length; i++) {
      const next = receivers[i] as IndexedOrder;
      const reachedFen = costFen + (last.giveQuantity - next.wantQuantity) * last.giveValueFen;
      const boundFen = reachedFen + (start.minInFen ?? 0);
      const verdict = this.weigh(last, next, boundFen, hopsAtLeast);
      if (verdict === 'stop') {
        return;
      }
      if (
        verdict === 'consider' &&
        next.minOutFen !== null &&
        !this.cannotWin(boundFen + next.minOutFen, hopsAtLeast) &&
        this.joinable(next)
      ) {
        this.path.push(next);
        this.close(next, reachedFen);
        this.extend(next, reachedFen);
        this.path.pop();
      }
    }
  }

  /**
   * Spends one candidate on `next`, met after `last` with rings of at least `hops` orders costing at least
   * `boundFen`: `stop` when the budget has run out or the bound cannot win (bounds grow along a list of
   * receivers, so no later one can either), otherwise {@link tieBreak}'s verdict.
   */
  private weigh(last: IndexedOrder, next: IndexedOrder, boundFen: number, hops: number): 'consider' | 'skip' | 'stop' {
    if (!this.budget.spend() || this.cannotWin(boundFen, hops)) {
      return 'stop';
    }
    return this.tieBreak(last, next, boundFen, hops);
  }

  /** Open, after the start in order id order (each ring is found once, from its smallest id), and of a new owner. */
  private joinable(next: IndexedOrder): boolean {
    if (next.taken || next.rank <= (this.path[0] as IndexedOrder).rank) {
      return false;
    }
    // Distinct owners also means distinct orders: an order already on the path has an owner on it.
    for (const member of this.path) {
      if (member.owner === next.owner) {
        return false;
      }
    }
    return true;
  }

  /** Whether every ring of at least `minHops` orders costing at least `costFen` loses to the best one. */
  private cannotWin(costFen: number, minHops: number): boolean {
    const best = this.best;
    return best !== null && (costFen > best.costFen || (costFen === best.costFen && minHops > best.hops));
  }

  /**
   * For `next`, met while the path's bound is already the best ring's cost and it would have as many hops,
   * only order ids can decide: `skip` when its rings lose on them, `stop` when every later candidate of
   * the list loses too (a larger path prefix; or ranks ascend within equal quantities and, when the
   * asset has a value, a later quantity costs more). `consider` otherwise.
   */
  private tieBreak(last: IndexedOrder, next: IndexedOrder, boundFen: number, hops: number): 'consider' | 'skip' | 'stop' {
    const best = this.best;
    if (best === null || boundFen !== best.costFen || hops !== best.hops) {
      return 'consider';
    }
    for (let i = 0; i < this.path.length; i++) {
      const difference = (this.path[i] as IndexedOrder).rank - (best.ring[i] as IndexedOrder).rank;
      if (difference !== 0) {
        return difference > 0 ? 'stop' : 'consider';
      }
    }
    if (next.rank <= (best.ring[this.path.length] as IndexedOrder).rank) {
      return 'consider';
    }
    return last.giveValueFen > 0 ? 'stop' : 'skip';
  }

  private consider(costFen: number, last: IndexedOrder): void {
    const ring = [...this.path, last];
    const best = this.best;
    if (
      best === null ||
      costFen < best.costFen ||
      (costFen === best.costFen && (ring.length < best.hops || (ring.length === best.hops && ranksBefore(ring, best.ring))))
    ) {
      this.best = { costFen, hops: ring.length, ring };
    }
  }
}

function ranksBefore(a: readonly IndexedOrder[], b: readonly IndexedOrder[]): boolean {
  for (let i = 0; i < a.length; i++) {
    const [x, y] = [(a[i] as IndexedOrder).rank, (b[i] as IndexedOrder).rank];
    if (x !== y) {
      return x < y;
    }
  }
  return false;
}

/** Counts candidates and watches the clock; once spent, stays spent. */
class Budget {
  spent = 0;
  cutShortBy: BudgetKind | null = null;
  private readonly started: number;
  private readonly deadline: number;

  constructor(
    private readonly limits: MatchBudget,
    private readonly clock: () => number,
  ) {
    this.started = clock();
    this.deadline = this.started + limits.timeMs;
  }

  /** Spends one candidate; false when a budget has run out. */
  spend(): boolean {
    if (this.cutShortBy !== null) {
      return false;
    }
    if (this.spent >= this.limits.candidates) {
      this.cutShortBy = 'candidates';
      return false;
    }
    this.spent += 1;
    // Reading the clock costs more than a candidate; every 1,024 candidates is well under a millisecond.
    if (this.spent % 1_024 === 0 && this.clock() >= this.deadline) {
      this.cutShortBy = 'time';
      return false;
    }
    return true;
  }

  elapsedMs(): number {
    return this.clock() - this.started;
  }
}

/** A binary min-heap: the queue of candidates holds one entry per open order. */
class MinHeap<T> {
  private readonly items: T[] = [];

  constructor(private readonly compare: (a: T, b: T) => number) {}

  push(item: T): void {
    const items = this.items;
    items.push(item);
    for (let i = items.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (this.compare(items[i] as T, items[parent] as T) >= 0) {
        break;
      }
      [items[i], items[parent]] = [items[parent] as T, items[i] as T];
      i = parent;
    }
  }

  pop(): T | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last !== undefined) {
      items[0] = last;
      this.siftDown();
    }
    return top;
  }

  private siftDown(): void {
    const items = this.items;
    for (let i = 0; ;) {
      const [left, right] = [2 * i + 1, 2 * i + 2];
      let smallest = i;
      if (left < items.length && this.compare(items[left] as T, items[smallest] as T) < 0) {
        smallest = left;
      }
      if (right < items.length && this.compare(items[right] as T, items[smallest] as T) < 0) {
        smallest = right;
      }
      if (smallest === i) {
        return;
      }
      [items[i], items[smallest]] = [items[smallest] as T, items[i] as T];
      i = smallest;
    }
  }
}
