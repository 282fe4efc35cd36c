/**
 * Exchange order books for the matcher's tests and bench (bench/matcher.ts): seeded, so every run
 * plans the same book.
 */
import type { BookOrder } from '../../src/coupons/matcher';

/** A book and the unit value of each of its assets. */
export interface OrderBook {
  readonly orders: BookOrder[];
  readonly values: Map<string, number>;
}

/** Shape of a {@link marketBook}. */
export interface MarketShape {
  readonly orders: number;
  /** Coupon classes traded. */
  readonly classes: number;
  /** Distinct members placing the orders. */
  readonly owners: number;
  readonly seed: number;
}

/** Face values of the classes, in fen (5 to 100 yuan). */
const FACE_VALUES_FEN = [500, 1_000, 2_000, 5_000, 10_000];

/** A deterministic pseudo-random generator in [0, 1) (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * A market-like book: each order offers 1–10 coupons of one class for another class, asking between
 * 60 % and 110 % of the fair quantity (by face value), so that many but not all orders can be matched,
 * in pairs and in longer rings.
 */
export function marketBook({ orders, classes, owners, seed }: MarketShape): OrderBook {
  const random = seededRandom(seed);
  const pick = (count: number): number => Math.floor(random() * count);
  const values = new Map<string, number>();
  for (let c = 0; c < classes; c++) {
    values.set(`class-${c}`, FACE_VALUES_FEN[pick(FACE_VALUES_FEN.length)] as number);
  }
  const book: BookOrder[] = [];
  for (let i = 0; i < orders; i++) {
    const give = pick(classes);
    const want = (give + 1 + pick(classes - 1)) % classes;
    const giveQuantity = 1 + pick(10);
    const fair = (giveQuantity * (values.get(`class-${give}`) ?? 0)) / (values.get(`class-${want}`) ?? 1);
    book.push({
      orderId: `order-${String(i).padStart(6, '0')}`,
      owner: `member-${pick(owners)}`,
      giveAsset: `class-${give}`,
      giveQuantity,
      wantAsset: `class-${want}`,
      wantQuantity: Math.max(1, Math.round(fair * (0.6 + random() * 0.5))),
    });
  }
  return { orders: book, values };
}

/** `count` orders of distinct owners, alternately offering one `a` for one `b` and one `b` for one `a`. */
export function opposingBook(count: number): OrderBook {
  const orders = Array.from({ length: count }, (_, i) => ({
    orderId: `o${i}`,
    owner: `u${i}`,
    giveAsset: i % 2 === 0 ? 'a' : 'b',
    giveQuantity: 1,
    wantAsset: i % 2 === 0 ? 'b' : 'a',
    wantQuantity: 1,
  }));
  return {
    orders,
    values: new Map([
      ['a', 1_000],
      ['b', 1_000],
    ]),
  };
}
