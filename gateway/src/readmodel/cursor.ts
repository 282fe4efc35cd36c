import { ValidationError } from '../errors';
import type { MovementRow, PayoutRow, RedemptionRow } from './rows';
import type { Page } from './store';

/*
 * Keyset cursors of the read model's listings: base64url of the JSON array of the sort key of a
 * page's last row, the same for every store. A listing continues after that key.
 */

/** The kind of each value of a listing's sort key. */
type KeyShape = readonly ('string' | 'number')[];

/** The values of a sort key of {@link KeyShape} `S`. */
type KeyOf<S extends KeyShape> = { -readonly [I in keyof S]: S[I] extends 'number' ? number : string };

/** A movement page's sort key: (time, txId, seq), the keyset order of every store. */
const MOVEMENT_KEY = ['string', 'string', 'number'] as const;
/** A redemption page's sort key: (time, merchantId, orderId). */
const REDEMPTION_KEY = ['string', 'string', 'string'] as const;
/** A payout page's sort key: (tranche, seq), the plan's roster order, which is the order it is paid in. */
const PAYOUT_KEY = ['number', 'number'] as const;

/** @returns the opaque cursor of the page that ends at `position` */
function encodeCursor(position: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/** @returns the sort key a cursor of shape `shape` points after, or null when it is not one a store made */
function decodeKey<S extends KeyShape>(cursor: string, shape: S): KeyOf<S> | null {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const fits = Array.isArray(parsed) && parsed.length === shape.length && shape.every((kind, i) => typeof parsed[i] === kind);
    // Every value has been checked against its kind in the shape.
    return fits ? (parsed as KeyOf<S>) : null;
  } catch {
    return null;
  }
}

/**
 * @param cursor - the cursor of a listing's query, if any
 * @param shape - the kinds of the listing's sort key
 * @returns the sort key the listing continues after; null without a cursor
 * @throws ValidationError when the cursor is not one a store made
 */
function keyAfter<S extends KeyShape>(cursor: string | undefined, shape: S): KeyOf<S> | null {
  if (cursor === undefined) {
    return null;
  }
  const after = decodeKey(cursor, shape);
  if (after === null) {
    throw new ValidationError('cursor is not one this listing returned');
  }
  return after;
}

/**
 * @param cursor - the cursor of a movement listing's query, if any
 * @returns the position the listing continues after; null without a cursor
 * @throws ValidationError when the cursor is not one a store made
 */
export function movementsAfter(cursor: string | undefined): KeyOf<typeof MOVEMENT_KEY> | null {
  return keyAfter(cursor, MOVEMENT_KEY);
}

/**
 * @param cursor - the cursor of a payout listing's query, if any
 * @returns the (tranche, seq) the page continues after; (-1, -1), before every payout, without a cursor,
 *   so the first page seeks the index as the others do
 * @throws ValidationError when the cursor is not one a store made
 */
export function payoutsAfter(cursor: string | undefined): KeyOf<typeof PAYOUT_KEY> {
  return keyAfter(cursor, PAYOUT_KEY) ?? [-1, -1];
}

/**
 * Where a page of redemptions starts: the time to seek the party's index to (the later of `from` and
 * the cursor's time), and the key the page continues after (`['', '', '']`, before every row, on the first).
 *
 * @throws ValidationError when the cursor is not one a store made
 */
export function redemptionsAfter(query: { readonly from?: string; readonly cursor?: string }): {
  readonly since: string;
  readonly after: KeyOf<typeof REDEMPTION_KEY>;
} {
  const after = keyAfter(query.cursor, REDEMPTION_KEY);
  const from = query.from ?? '';
  return { since: after !== null && after[0] > from ? after[0] : from, after: after ?? ['', '', ''] };
}

/**
 * @param items - the page's rows, at most the query's limit
 * @param more - whether the store found a row after them (it reads one row beyond the limit)
 * @param keyOf - the sort key of a row
 * @returns the page, with the cursor of its last row when there are more
 */
function keysetPage<T>(items: T[], more: boolean, keyOf: (row: T) => readonly (string | number)[]): Page<T> {
  const last = items[items.length - 1];
  return { items, cursor: more && last !== undefined ? encodeCursor(keyOf(last)) : null };
}

/**
 * @param items - the page's movements, at most the query's limit
 * @param more - whether the store found a movement after them (it reads one row beyond the limit)
 * @returns the page, with the cursor of its last movement when there are more
 */
export function movementPage(items: MovementRow[], more: boolean): Page<MovementRow> {
  return keysetPage(items, more, (m) => [m.time, m.txId, m.seq]);
}

/** {@link movementPage} of redemptions, keyed (time, merchantId, orderId). */
export function redemptionPage(items: RedemptionRow[], more: boolean): Page<RedemptionRow> {
  return keysetPage(items, more, (r) => [r.time, r.merchantId, r.orderId]);
}

/** {@link movementPage} of payouts, keyed (tranche, seq). */
export function payoutPage(items: PayoutRow[], more: boolean): Page<PayoutRow> {
  return keysetPage(items, more, (p) => [p.tranche, p.seq]);
}
