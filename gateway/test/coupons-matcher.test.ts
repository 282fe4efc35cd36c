import {
  type BookOrder,
  compareMatches,
  findBestMatch,
  type Match,
  planMatches,
  planMatchesWithin,
  UNLIMITED_BUDGET,
} from '../src/coupons/matcher';
import { MAX_OFFER_FEN } from '../src/coupons/order-index';
import { marketBook, opposingBook, seededRandom } from './support/order-books';

function order(orderId: string, owner: string, give: string, giveQuantity: number, want: string, wantQuantity: number): BookOrder {
  return { orderId, owner, giveAsset: give, giveQuantity, wantAsset: want, wantQuantity };
}

const VALUES = new Map([
  ['a', 1_000],
  ['b', 1_000],
  ['c', 1_000],
  ['d', 1_000],
]);

describe('exchange matcher', () => {
  it('finds a direct pair', () => {
    const book = [order('o1', 'p', 'a', 2, 'b', 1), order('o2', 'q', 'b', 1, 'a', 2)];
    expect(findBestMatch(book, VALUES)).toEqual({ orderIds: ['o1', 'o2'], valueDifferenceFen: 0, hops: 2 });
  });

  it('finds a 3-ring and a 4-ring, starting at the smallest id in delivery order', () => {
    const three = [order('o3', 'r', 'c', 1, 'b', 1), order('o1', 'p', 'a', 1, 'c', 1), order('o2', 'q', 'b', 1, 'a', 1)];
    expect(findBestMatch(three, VALUES)).toEqual({ orderIds: ['o1', 'o2', 'o3'], valueDifferenceFen: 0, hops: 3 });

    const four = [
      order('w', 'p', 'a', 1, 'd', 1),
      order('x', 'q', 'b', 1, 'a', 1),
      order('y', 'r', 'c', 1, 'b', 1),
      order('z', 's', 'd', 1, 'c', 1),
    ];
    expect(findBestMatch(four, VALUES)).toEqual({ orderIds: ['w', 'x', 'y', 'z'], valueDifferenceFen: 0, hops: 4 });
  });

  it('does not look beyond 4 orders', () => {
    const five = ['a', 'b', 'c', 'd', 'e'].map((asset, index, all) =>
      order(`o${index}`, `u${index}`, asset, 1, all[(index + 4) % 5] ?? '', 1),
    );
    expect(findBestMatch(five, VALUES)).toBeNull();
  });

  it('prefers the smallest value difference over fewer hops', () => {
    const book = [
      order('o1', 'p', 'a', 3, 'b', 1),
      order('o2', 'q', 'b', 1, 'a', 1), // pair o1-o2: p offers 3 a where q wants 1, a difference of 2,000 fen
      order('o3', 'r', 'b', 1, 'c', 3),
      order('o4', 's', 'c', 3, 'a', 3),
    ];
    // o1 → o4 (o4 wants 3 a, o1 gives 3), o4 → o3 (o3 wants 3 c), o3 → o1 (o1 wants 1 b): difference 0, 3 hops.
    expect(findBestMatch(book, VALUES)).toEqual({ orderIds: ['o1', 'o4', 'o3'], valueDifferenceFen: 0, hops: 3 });
  });

  it('prefers fewer hops when the value difference is equal, then the smallest ids', () => {
    const book = [
      order('o1', 'p', 'a', 1, 'b', 1),
      order('o2', 'q', 'b', 1, 'a', 1),
      order('o3', 'r', 'b', 1, 'c', 1),
      order('o4', 's', 'c', 1, 'a', 1),
      order('o5', 't', 'b', 1, 'a', 1),
    ];
    expect(findBestMatch(book, VALUES)).toEqual({ orderIds: ['o1', 'o2'], valueDifferenceFen: 0, hops: 2 });
  });

  it('never proposes a ring that gives an order less than its limit, or joins an owner twice', () => {
    expect(findBestMatch([order('o1', 'p', 'a', 1, 'b', 2), order('o2', 'q', 'b', 1, 'a', 1)], VALUES)).toBeNull();
    expect(findBestMatch([order('o1', 'p', 'a', 1, 'b', 1), order('o2', 'p', 'b', 1, 'a', 1)], VALUES)).toBeNull();
    expect(findBestMatch([order('o1', 'p', 'a', 1, 'b', 1), order('o2', 'q', 'c', 1, 'a', 1)], VALUES)).toBeNull();
  });

  it('weighs the surplus by the unit value of the asset offered', () => {
    const values = new Map([
      ['a', 100],
      ['b', 5_000],
    ]);
    const book = [order('o1', 'p', 'a', 5, 'b', 1), order('o2', 'q', 'b', 2, 'a', 5)];
    expect(findBestMatch(book, values)).toEqual({ orderIds: ['o1', 'o2'], valueDifferenceFen: 5_000, hops: 2 });
  });

  it('is deterministic: the same book in any order gives the same plan of disjoint rings', () => {
    const book = [
      order('o1', 'p', 'a', 1, 'b', 1),
      order('o2', 'q', 'b', 1, 'a', 1),
      order('o3', 'r', 'c', 2, 'd', 1),
      order('o4', 's', 'd', 1, 'c', 1),
      order('o5', 't', 'd', 1, 'c', 2),
      order('o6', 'u', 'a', 1, 'b', 1),
    ];
    const plan = planMatches(book, VALUES);
    expect(plan).toEqual([
      { orderIds: ['o1', 'o2'], valueDifferenceFen: 0, hops: 2 },
      { orderIds: ['o3', 'o5'], valueDifferenceFen: 0, hops: 2 },
    ]);
    for (const shuffled of [[...book].reverse(), [book[3], book[0], book[5], book[2], book[4], book[1]] as BookOrder[]]) {
      expect(planMatches(shuffled, VALUES)).toEqual(plan);
    }
  });
});

/**
 * The matcher as first written: every ring of the book enumerated, the best one taken, and the whole
 * search run again on what is left. Too slow beyond a few dozen orders, obviously right below.
 */
function exhaustivePlan(orders: readonly BookOrder[], values: ReadonlyMap<string, number>): Match[] {
  const plan: Match[] = [];
  let remaining = [...orders];
  for (let best = bestRing(remaining, values); best !== undefined; best = bestRing(remaining, values)) {
    plan.push(best);
    const used = new Set(best.orderIds);
    remaining = remaining.filter((o) => !used.has(o.orderId));
  }
  return plan;
}

function bestRing(orders: readonly BookOrder[], values: ReadonlyMap<string, number>): Match | undefined {
  const rings: Match[] = [];
  const visit = (path: BookOrder[]): void => {
    const [start, last] = [path[0] as BookOrder, path[path.length - 1] as BookOrder];
    for (const next of orders) {
      const fed = last.giveAsset === next.wantAsset && last.giveQuantity >= next.wantQuantity;
      if (!fed || next.orderId <= start.orderId || path.some((o) => o.owner === next.owner)) {
        continue;
      }
      const ring = [...path, next];
      if (next.giveAsset === start.wantAsset && next.giveQuantity >= start.wantQuantity) {
        const receiver = (i: number): BookOrder => ring[(i + 1) % ring.length] as BookOrder;
        const valueDifferenceFen = ring.reduce(
          (sum, o, i) => sum + (o.giveQuantity - receiver(i).wantQuantity) * (values.get(o.giveAsset) ?? 0),
          0,
        );
        rings.push({ orderIds: ring.map((o) => o.orderId), valueDifferenceFen, hops: ring.length });
      }
      if (ring.length < 4) {
        visit(ring);
      }
    }
  };
  orders.forEach((start) => {
    visit([start]);
  });
  return rings.sort(compareMatches)[0];
}

/** A small random book over few assets and owners, so that rings of every length and ties abound. */
function smallBook(random: () => number): { orders: BookOrder[]; values: Map<string, number> } {
  const assets = ['a', 'b', 'c', 'd', 'e'].slice(0, 2 + Math.floor(random() * 4));
  const values = new Map(assets.map((asset) => [asset, [0, 1, 100, 1_000][Math.floor(random() * 4)] as number]));
  const orders = Array.from({ length: 2 + Math.floor(random() * 24) }, (_, i) => {
    const give = Math.floor(random() * assets.length);
    const want = (give + 1 + Math.floor(random() * (assets.length - 1))) % assets.length;
    return order(
      `o${Math.floor(random() * 100)}-${i}`,
      `u${Math.floor(random() * 5)}`,
      assets[give] ?? '',
      1 + Math.floor(random() * 3),
      assets[want] ?? '',
      1 + Math.floor(random() * 3),
    );
  });
  return { orders, values };
}

describe('exchange matcher against the exhaustive search', () => {
  it('plans exactly what re-searching the whole book after each ring plans, on 2,000 random books', () => {
    const random = seededRandom(2025);
    const ringsByHops = [0, 0, 0, 0, 0];
    for (let book = 0; book < 2_000; book++) {
      const { orders, values } = smallBook(random);
      const plan = planMatches(orders, values);
      expect(plan).toEqual(exhaustivePlan(orders, values));
      plan.forEach((match) => (ringsByHops[match.hops] = (ringsByHops[match.hops] ?? 0) + 1));
    }
    // The books exercise every ring length, not only pairs.
    expect(ringsByHops.slice(2).every((count) => count > 100)).toBe(true);
  });

  it('agrees on a market-like book of 200 orders', () => {
    const { orders, values } = marketBook({ orders: 200, classes: 6, owners: 40, seed: 7 });
    const plan = planMatches(orders, values);
    expect(plan.length).toBeGreaterThan(5);
    expect(plan).toEqual(exhaustivePlan(orders, values));
  });
});

describe('exchange matcher value arithmetic', () => {
  it('sums value differences exactly at the largest offers the chaincode accepts', () => {
    // Each order offers 10^6 units worth 10^6 fen each (10^12 fen, the bound) and wants one unit.
    const assets = ['a', 'b', 'c', 'd'];
    const values = new Map(assets.map((asset) => [asset, 1_000_000]));
    const ring = assets.map((asset, i) => order(`o${i}`, `u${i}`, asset, 1_000_000, assets[(i + 3) % 4] ?? '', 1));
    const expected = 4n * 999_999n * 1_000_000n;

    const [match] = planMatches(ring, values);

    expect(match?.hops).toBe(4);
    expect(BigInt(match?.valueDifferenceFen ?? 0)).toBe(expected);
    expect(Number.isSafeInteger(match?.valueDifferenceFen)).toBe(true);
  });

  it('leaves out orders the chaincode could not have accepted, so no sum can lose precision', () => {
    const values = new Map([
      ['a', MAX_OFFER_FEN],
      ['b', 1],
    ]);
    const book = [order('o1', 'p', 'a', 2, 'b', 1), order('o2', 'q', 'b', 1, 'a', 1)];
    expect(planMatches(book, values)).toEqual([]);
    expect(planMatches([order('o1', 'p', 'a', 1, 'b', 1), book[1] as BookOrder], values)).toEqual([
      { orderIds: ['o1', 'o2'], valueDifferenceFen: 0, hops: 2 },
    ]);
    expect(planMatches([order('o1', 'p', 'a', 1.5, 'b', 1), book[1] as BookOrder], values)).toEqual([]);
  });

  it('refuses a book listing an order id twice', () => {
    expect(() => planMatches([order('o1', 'p', 'a', 1, 'b', 1), order('o1', 'q', 'b', 1, 'a', 1)], VALUES)).toThrow(RangeError);
  });
});

describe('exchange matcher budgets', () => {
  const { orders, values } = marketBook({ orders: 400, classes: 8, owners: 80, seed: 11 });
  const complete = planMatchesWithin(orders, values, UNLIMITED_BUDGET);

  it('reports a complete plan as not cut short', () => {
    expect(complete.cutShortBy).toBeNull();
    expect(complete.matches.length).toBeGreaterThan(10);
    expect(complete.matches).toEqual(planMatches(orders, values));
  });

  it('stops at the candidate budget with the exact beginning of the complete plan, which the next run continues', () => {
    const budget = { timeMs: Number.POSITIVE_INFINITY, candidates: Math.floor(complete.candidates / 2) };

    const cut = planMatchesWithin(orders, values, budget);

    expect(cut).toMatchObject({ cutShortBy: 'candidates', candidates: budget.candidates });
    expect(cut.matches.length).toBeGreaterThan(0);
    expect(cut.matches.length).toBeLessThan(complete.matches.length);
    expect(cut.matches).toEqual(complete.matches.slice(0, cut.matches.length));
    // What the rings took leaves the book; planning the rest is the rest of the plan.
    const taken = new Set(cut.matches.flatMap((match) => match.orderIds));
    const rest = planMatchesWithin(
      orders.filter((o) => !taken.has(o.orderId)),
      values,
      UNLIMITED_BUDGET,
    );
    expect(rest.matches).toEqual(complete.matches.slice(cut.matches.length));
  });

  it('stops at the time budget, read from the clock it is given', () => {
    let now = 0;
    // Every reading of the clock advances it one millisecond: the budget ends at the third reading.
    const cut = planMatchesWithin(orders, values, { timeMs: 3, candidates: Number.POSITIVE_INFINITY }, () => now++);

    expect(cut.cutShortBy).toBe('time');
    expect(cut.matches).toEqual(complete.matches.slice(0, cut.matches.length));
    // The clock is read every 1,024 candidates, well before the search would have ended by itself.
    expect(cut.candidates).toBe(3 * 1_024);
    expect(complete.candidates).toBeGreaterThan(5 * cut.candidates);
  });

  it('does not search the book again after each ring: candidates grow linearly with the book', () => {
    // The 100 opposing orders that took 8 s when every match re-ran the whole search.
    for (const count of [100, 1_000, 4_000]) {
      const { orders: opposing, values: equal } = opposingBook(count);
      const plan = planMatchesWithin(opposing, equal, UNLIMITED_BUDGET);
      expect(plan.matches).toHaveLength(count / 2);
      expect(plan.candidates).toBeLessThanOrEqual(2 * count);
    }
  });
});
