/**
 * Records of the trading side of the coupons module (listings, exchange orders, point
 * programs) as stored in world state and returned to clients, with a validating parser for
 * each.
 *
 * @packageDocumentation
 */
import { count, oneOf, positive, record, text, textOrNull } from '../ledger/schema';

/** Lifecycle of a listing or an exchange order. */
export type OfferStatus = 'OPEN' | 'FILLED' | 'CANCELLED';

/** `cpnlisting~<listingId>`: coupons for sale at a price in platform points each. */
export type Listing = {
  readonly listingId: string;
  readonly seller: string;
  readonly classId: string;
  readonly quantity: number;
  readonly remaining: number;
  readonly pricePoints: number;
  readonly status: OfferStatus;
  readonly createdAt: string;
  readonly updatedAt: string;
};

/** `cpnorder~<orderId>`: give at most `giveQuantity` of one class for exactly `wantQuantity` of another. */
export type ExchangeOrder = {
  readonly orderId: string;
  readonly owner: string;
  readonly giveClassId: string;
  readonly giveQuantity: number;
  readonly wantClassId: string;
  readonly wantQuantity: number;
  readonly status: OfferStatus;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Transaction of the match that filled it, null while open or when cancelled. */
  readonly matchTxId: string | null;
};

/** `ppprogram~<programId>`: a merchant's or an alliance's own point program. */
export type PointProgram = {
  readonly programId: string;
  readonly name: string;
  /** The registering merchant. */
  readonly owner: string;
  /** The alliance whose members may issue its points, or null when only the owner may. */
  readonly allianceId: string | null;
  /** Value of one point in fen, the unit value the exchange matcher weighs it by. */
  readonly pointValueFen: number;
  readonly issued: number;
  readonly createdAt: string;
  readonly txId: string;
};

const OFFER_STATUSES: readonly OfferStatus[] = ['OPEN', 'FILLED', 'CANCELLED'];

/** Checks a listing. */
export const parseListing = record<Listing>('listing', {
  listingId: text,
  seller: text,
  classId: text,
  quantity: positive,
  remaining: count,
  pricePoints: positive,
  status: oneOf(OFFER_STATUSES),
  createdAt: text,
  updatedAt: text,
});

/** Checks an exchange order. */
export const parseExchangeOrder = record<ExchangeOrder>('exchange order', {
  orderId: text,
  owner: text,
  giveClassId: text,
  giveQuantity: positive,
  wantClassId: text,
  wantQuantity: positive,
  status: oneOf(OFFER_STATUSES),
  createdAt: text,
  updatedAt: text,
  matchTxId: textOrNull,
});

/** Checks a point program. */
export const parsePointProgram = record<PointProgram>('point program', {
  programId: text,
  name: text,
  owner: text,
  allianceId: textOrNull,
  pointValueFen: positive,
  issued: count,
  createdAt: text,
  txId: text,
});
