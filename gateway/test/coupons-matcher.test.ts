import { findBestMatch, planMatches, type BookOrder } from '../src/coupons/matcher';

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

    const four = [order('w', 'p', 'a', 1, 'd', 1), order('x', 'q', 'b', 1, 'a', 1), order('y', 'r', 'c', 1, 'b', 1), order('z', 's', 'd', 1, 'c', 1)];
    expect(findBestMatch(four, VALUES)).toEqual({ orderIds: ['w', 'x', 'y', 'z'], valueDifferenceFen: 0, hops: 4 });
  });

  it('does not look beyond 4 orders', () => {
    const five = ['a', 'b', 'c', 'd', 'e'].map((asset, index, all) => order(`o${index}`, `u${index}`, asset, 1, all[(index + 4) % 5] ?? '', 1));
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
