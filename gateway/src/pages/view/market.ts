import { type JsonObject, objectOf, textAt } from './json.js';

/*
 * The consumer's coupon market and presentations, shaped from the ledger's answers and the member's
 * own events. The ledger lists open exchange orders but has no list of listings or of a holder's
 * presentations, so those are the ones the member's events name (docs/coupons.md).
 */

/** A minimal event: its name and the transaction's result. */
export interface NamedPayload {
  readonly name: string;
  readonly payload: JsonObject;
}

const LISTING_EVENTS = new Set(['ListCoupons', 'BuyListing', 'CancelListing']);

function unique(values: readonly string[]): string[] {
  return [...new Set(values)].filter((value) => value !== '' && value !== '–');
}

/** The listing ids the member listed, bought from or cancelled, newest first. */
export function listingIdsOf(events: readonly NamedPayload[]): string[] {
  return unique(
    events
      .filter((event) => LISTING_EVENTS.has(event.name))
      .map((event) => textAt(event.payload, 'listingId'))
      .reverse(),
  );
}

/** Where a coupon was presented: the merchant and its order. */
export interface PresentationKey {
  readonly merchantId: string;
  readonly orderId: string;
}

/** The orders the member presented a coupon for, newest first, each once. */
export function presentationKeysOf(events: readonly NamedPayload[]): PresentationKey[] {
  const seen = new Set<string>();
  const keys: PresentationKey[] = [];
  for (const event of [...events].reverse()) {
    if (event.name !== 'PresentCoupon') {
      continue;
    }
    const key = { merchantId: textAt(event.payload, 'merchantId'), orderId: textAt(event.payload, 'orderId') };
    const id = `${key.merchantId}\u0000${key.orderId}`;
    if (!seen.has(id)) {
      seen.add(id);
      keys.push(key);
    }
  }
  return keys;
}

/** An asset of the exchange as people read it: a coupon class id, or `program:<id>` for program points. */
export function assetText(assetId: string, quantity: string): string {
  return `${quantity} × ${assetId}`;
}

/** One open order of the book, ready for a table. */
export interface BookRow {
  readonly orderId: string;
  readonly owner: string;
  readonly gives: string;
  readonly wants: string;
  readonly mine: boolean;
}

/** The items of `GET /v1/coupons/orders` as rows, the member's own orders marked. */
export function orderBookRows(items: readonly JsonObject[], me: string): BookRow[] {
  return items.map((item) => {
    const order = objectOf(item['order']);
    return {
      orderId: textAt(order, 'orderId'),
      owner: textAt(order, 'owner'),
      gives: assetText(textAt(order, 'giveClassId'), textAt(order, 'giveQuantity')),
      wants: assetText(textAt(order, 'wantClassId'), textAt(order, 'wantQuantity')),
      mine: textAt(order, 'owner') === me,
    };
  });
}
