import type { BookOrder } from '../src/coupons/matcher';
import { firstFedBy, type IndexedOrder, OrderIndex } from '../src/coupons/order-index';

function order(orderId: string, owner: string, give: string, giveQuantity: number, want: string, wantQuantity: number): BookOrder {
  return { orderId, owner, giveAsset: give, giveQuantity, wantAsset: want, wantQuantity };
}

const VALUES = new Map([
  ['a', 100],
  ['b', 1_000],
  ['c', 10],
]);

const BOOK = [
  order('o5', 'p', 'b', 1, 'a', 3),
  order('o1', 'q', 'b', 2, 'a', 5),
  order('o3', 'r', 'c', 9, 'a', 3),
  order('o2', 's', 'b', 1, 'a', 3),
  order('o4', 't', 'a', 6, 'b', 1),
];

function ids(entries: readonly IndexedOrder[]): string[] {
  return entries.map((entry) => entry.order.orderId);
}

/** Open orders wanting `wanted` and giving `given`. */
function pair(index: OrderIndex, wanted: string, given: string): readonly IndexedOrder[] {
  return index.givingBy(asset(index, given)).get(asset(index, wanted)) ?? [];
}

function asset(index: OrderIndex, name: string): number {
  const id = index.assetId(name);
  if (id === undefined) {
    throw new Error(`asset ${name} not indexed`);
  }
  return id;
}

describe('exchange order index', () => {
  it('ranks orders by id and lists them by wanted asset and by asset pair, largest wanted quantity first, then by id', () => {
    const index = new OrderIndex(BOOK, VALUES);

    expect(ids(index.orders)).toEqual(['o1', 'o2', 'o3', 'o4', 'o5']);
    expect(index.orders.map((entry) => entry.rank)).toEqual([0, 1, 2, 3, 4]);
    expect(ids(index.wanting(asset(index, 'a')))).toEqual(['o1', 'o2', 'o3', 'o5']);
    expect(ids(pair(index, 'a', 'b'))).toEqual(['o1', 'o2', 'o5']);
    expect(ids(pair(index, 'a', 'c'))).toEqual(['o3']);
    expect(pair(index, 'b', 'c')).toEqual([]);
  });

  it('finds the orders an offer can feed by binary search, cheapest surplus first', () => {
    const index = new OrderIndex(BOOK, VALUES);
    const wantingA = index.wanting(asset(index, 'a'));

    // o4 offers 6 a: o1 wants 5 (surplus 1), then o2, o3, o5 want 3 (surplus 3).
    expect(ids(wantingA.slice(firstFedBy(wantingA, 6)))).toEqual(['o1', 'o2', 'o3', 'o5']);
    expect(ids(wantingA.slice(firstFedBy(wantingA, 4)))).toEqual(['o2', 'o3', 'o5']);
    expect(firstFedBy(wantingA, 2)).toBe(wantingA.length);
  });

  it('bounds each order by its cheapest way out and in, and knows which orders can join no ring', () => {
    const index = new OrderIndex(BOOK, VALUES);
    const [o1, o2, o3, o4] = index.orders as IndexedOrder[];

    // o4 gives 6 a: cheapest receiver o1 (wants 5) leaves 1 × 100; its giver of 1 b: o2 or o5, exactly 1.
    expect([o4?.minOutFen, o4?.minInFen, index.lowerBoundFen(o4 as IndexedOrder)]).toEqual([100, 0, 100]);
    // o1 gives 2 b: o4 wants 1 b, 1 × 1,000 left; o1 wants 5 a: o4 gives 6, 1 × 100 left.
    expect(index.lowerBoundFen(o1 as IndexedOrder)).toBe(1_100);
    expect(index.lowerBoundFen(o2 as IndexedOrder)).toBe(300);
    // Nobody wants c, so o3 can be in no ring.
    expect([o3?.minOutFen, index.lowerBoundFen(o3 as IndexedOrder)]).toEqual([null, null]);
  });

  it('takes a planned ring out of every list at once, without rebuilding the rest', () => {
    const index = new OrderIndex(BOOK, VALUES);
    const wantingBefore = index.wanting(asset(index, 'a'));

    index.take(['o2', 'o4']);

    expect(index.openOrders).toBe(3);
    expect(ids(index.wanting(asset(index, 'a')))).toEqual(['o1', 'o3', 'o5']);
    expect(ids(pair(index, 'a', 'b'))).toEqual(['o1', 'o5']);
    expect(index.wanting(asset(index, 'b'))).toEqual([]);
    // The same lists, updated in place.
    expect(index.wanting(asset(index, 'a'))).toBe(wantingBefore);
    expect(index.orders.filter((entry) => entry.taken).map((entry) => entry.order.orderId)).toEqual(['o2', 'o4']);
  });

  it('refuses to take an order twice or one it does not hold', () => {
    const index = new OrderIndex(BOOK, VALUES);
    index.take(['o1']);

    expect(() => {
      index.take(['o1']);
    }).toThrow(RangeError);
    expect(() => {
      index.take(['o9']);
    }).toThrow(RangeError);
    expect(index.openOrders).toBe(4);
  });

  it('gives the same lists whatever order the book lists its orders in', () => {
    const forward = new OrderIndex(BOOK, VALUES);
    const backward = new OrderIndex([...BOOK].reverse(), VALUES);

    expect(ids(backward.orders)).toEqual(ids(forward.orders));
    expect(ids(backward.wanting(asset(backward, 'a')))).toEqual(ids(forward.wanting(asset(forward, 'a'))));
  });
});
